"""Writes of the exchange: needs, offers, the sector taxonomy and the texts' embeddings."""

from .cleaning import MAX_ITEMS, ItemIn, item_problems
from .embeddings import embedding_text, text_embedding_refresh
from .merging import exchange_merge_authority_unsafe
from .needs import need_publish, need_update, need_withdraw
from .offers import offer_close, offer_publish, offer_stock_changed, offer_update
from .sectors import SectorSyncCount, sector_sync

__all__ = [
    "MAX_ITEMS",
    "ItemIn",
    "SectorSyncCount",
    "embedding_text",
    "exchange_merge_authority_unsafe",
    "item_problems",
    "need_publish",
    "need_update",
    "need_withdraw",
    "offer_close",
    "offer_publish",
    "offer_stock_changed",
    "offer_update",
    "sector_sync",
    "text_embedding_refresh",
]
