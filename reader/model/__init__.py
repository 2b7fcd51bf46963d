"""The document model and everything that produces it. Never imports Textual or Rich."""
