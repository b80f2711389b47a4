"""Read an uploaded PDF in a separate, limited process, so that no file can hold up or break the site.

pypdf's repair of a damaged file can take minutes (a 350 KB file whose cross-reference table
is off by a few bytes takes about a minute) and logs a warning for every object it repairs, and
some files make it raise errors that are not its own (``NotImplementedError`` for an encryption
scheme it does not know). A time limit cannot be put on code running in the web server's own
thread, so the file is read by a short-lived child process with a time, CPU and memory limit; the
web server waits for its one-line answer. This module is also that child: it imports nothing but
the standard library and pypdf, and is run as a script.
"""

import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

# Problems the child reports, each answered with its own message by the validator.
PASSWORD = "password"  # opens only with a password
UNSUPPORTED_ENCRYPTION = "unsupported_encryption"  # encrypted with a scheme pypdf cannot read
UNREADABLE = "unreadable"  # damaged, incomplete or built to exhaust the reader
TOO_SLOW = "too_slow"  # not read within the time limit

# Address space the child may use: pypdf keeps each decompressed stream under 75 MB, and a
# real notice of 20 MB reads in far less; a bomb meets this limit instead of the server's memory.
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024


@dataclass(frozen=True)
class PdfReading:
    """What reading a PDF found: its page count, or the problem that stopped it."""

    pages: int | None = None
    problem: str | None = None


def read_pdf(data, *, timeout):
    """Read ``data`` (the bytes of a file) in a child process: a ``PdfReading`` within ``timeout`` seconds."""
    try:
        result = subprocess.run(
            [sys.executable, "-I", str(Path(__file__).resolve()), str(timeout)],
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return PdfReading(problem=TOO_SLOW)
    try:
        answer = json.loads(result.stdout.decode().strip().splitlines()[-1])
        return PdfReading(pages=answer.get("pages"), problem=answer.get("problem"))
    except (IndexError, ValueError, AttributeError):
        # The child died without answering (out of memory, say): the file is what broke it.
        logger.warning("The PDF reader stopped without an answer (exit status %s).", result.returncode)
        return PdfReading(problem=UNREADABLE)


def _read_in_this_process(data):
    import io

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))  # opens a file encrypted with an empty password itself
        return {"pages": len(reader.pages)}
    except FileNotDecryptedError:
        return {"problem": PASSWORD}
    except (NotImplementedError, DependencyError):
        return {"problem": UNSUPPORTED_ENCRYPTION}
    except (PyPdfError, RecursionError, MemoryError, ValueError, KeyError, TypeError, AttributeError, OSError):
        # pypdf's own errors, and the built-in ones a malformed object makes it raise.
        return {"problem": UNREADABLE}


def _main():
    import resource

    cpu_seconds = max(1, int(float(sys.argv[1])) + 1)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    # A hostile file makes pypdf log thousands of repair warnings; the answer says all that matters.
    logging.disable(logging.CRITICAL)
    print(json.dumps(_read_in_this_process(sys.stdin.buffer.read())))


if __name__ == "__main__":
    _main()
