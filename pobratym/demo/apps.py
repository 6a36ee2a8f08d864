from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo scenario's loader (`manage.py load_demo`): above every app, since it loads the
    demo part of each (their demo.py modules), lowest first."""

    name = "pobratym.demo"
    verbose_name = _("Demo scenario")
