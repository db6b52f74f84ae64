"""An incremental in-memory index answering one enquiry against a register.

Each record is stored once as a compact ``Profile`` (token tuples shared
between records) and under a few hashed blocking keys; a block is a single
int or an ``array('i')`` of internal slots.  A search looks up its keys,
ranks the slots by how many keys they share, scores the best few hundred with
the match model and explains the top results."""

from .rank import _dice, _signature
from .search import Index
from .store import Store

__all__ = ["Index", "Store", "_dice", "_signature"]
