"""Signals other apps may listen to (the contact app re-reads its questions, say).

A merge and its undo are sent inside their transaction, so that what a receiver records
stands or falls with them (work that must wait for the commit is the receiver's to defer);
a review decision after its commit, so a receiver sees the stored result.
"""

from django.dispatch import Signal

#: ``merge``: a ClientMerge just made.
clients_merged = Signal()
#: ``merge``: a ClientMerge just undone.
merge_undone = Signal()
#: ``item``, ``client``: an agent decided a review item; contacts waiting on it belong to ``client``.
review_decided = Signal()
