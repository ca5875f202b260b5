"""The JSON documents of a snapshot file: several accounts' outputs may follow one another."""
import json
from typing import Any


def documents(text: str) -> list[Any]:
    decoder, index, docs = json.JSONDecoder(), 0, []
    while index < len(text):
        if text[index].isspace():
            index += 1
            continue
        doc, index = decoder.raw_decode(text, index)
        docs.append(doc)
    return docs
