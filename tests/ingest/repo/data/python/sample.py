import os
from collections import OrderedDict as OD
from . import sibling

MAX_SIZE = 10
lower_name = 3


# Reads settings.
def load(path: str) -> dict:
    """Loads the settings file."""
    return parse(os.path.join(path, "x"))


class Store(Base):
    """A key-value store."""

    def __init__(self):
        self.items = OD()

    @property
    def size(self) -> int:
        return len(self.items)

    class Inner:
        def ping(self):
            return load("p")


def parse(text):
    return {}
