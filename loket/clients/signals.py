"""Signals other apps may listen to (the contact app re-reads its questions, say).

They are sent after the transaction commits, so a receiver sees the stored result.
"""

from django.dispatch import Signal

#: ``merge``: a ClientMerge just made.
clients_merged = Signal()
#: ``merge``: a ClientMerge just undone.
merge_undone = Signal()
#: ``item``, ``client``: an agent decided a review item; contacts waiting on it belong to ``client``.
review_decided = Signal()
