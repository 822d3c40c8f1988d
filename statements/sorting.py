"""The coalition's alphabetical order for organisation names."""

import unicodedata


def sort_key(name: str) -> str:
    """Case-insensitive, accent-blind, ignoring leading punctuation.

    ".PT" sorts under P, "au Domain Administration" under A, "Élan" beside "Elan".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    start = next((i for i, ch in enumerate(plain) if ch.isalnum()), len(plain))
    return " ".join(plain[start:].casefold().split())
