from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Best Value Notices"

    def ready(self):
        from core import pagecache, roles

        pagecache.refresh_on_change(
            self.get_model("BestValueNotice"), self.get_model("ImprovementArea"), self.get_model("NoticeChangeNote")
        )
        roles.register_content(
            self.label, ["bestvaluenotice", "improvementarea"], publish_permission="publish_bestvaluenotice"
        )
