import datetime

import pytest
import time_machine


@pytest.fixture
def today():
    """Freeze today (Europe/London) at 1 March 2024, midday, and return that date."""
    day = datetime.date(2024, 3, 1)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False):
        yield day
