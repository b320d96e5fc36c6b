from .signal_models import *  # noqa
