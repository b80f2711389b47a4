from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Statements"

    def ready(self):
        from core import pagecache, roles

        Statement = self.get_model("Statement")
        pagecache.refresh_on_change(Statement, self.get_model("StatementChangeNote"))
        # A scheduled statement goes live, or a scheduled withdrawal takes effect, with nobody saving.
        pagecache.changes_by_itself(Statement.objects.next_change_after)
        roles.register_content(self.label, ["statement"], publish_permission="publish_statement")
