"""Reads of the meetings app: its pages, documents, the notice board and the list of
assignments (``_core``); what anyone may read without logging in and the sealed minutes
(``public``); what waits for a person on the home page (``work``); the header search
(``search``). Everything is read as ``meetings.selectors.<name>``."""

from ._core import *  # noqa: F403
from ._core import _board  # noqa: F401  (the notice board's base query, for public.py)
from .public import *  # noqa: F403
from .search import *  # noqa: F403
from .work import *  # noqa: F403
