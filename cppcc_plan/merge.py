"""One unit's year file: the base with the unit's changes laid over it.

Mappings merge key by key; anything else the unit gives (a text, a date, a list) replaces the
base's value whole, so a unit that lists its own activities gets exactly those. The result is
a Source like any loaded file, except that the values the unit supplied are attached as parts
from the units file: a problem in one of them names its row or cell, any other the base file's
line.
"""

from .source import Source, shifted


def merge(base: Source, unit: Source) -> Source:
    owned: list[tuple] = []
    merged = Source(base.name, overlay(base.data, unit.data, (), owned), base.encoding,
                    base.positions, base.key_positions)
    for path in owned:
        merged.attach(path, Source(unit.name, None, unit.encoding, shifted(unit.positions, path),
                                   shifted(unit.key_positions, path)))
    return merged


def overlay(base, change, path: tuple, owned: list):
    """base with change laid over it, never modifying either (the base serves every unit);
    `owned` collects the paths whose whole value came from change."""
    if not (isinstance(base, dict) and isinstance(change, dict)):
        owned.append(path)
        return change
    merged = dict(base)
    for key, value in change.items():
        child = path + (key,)
        if key in base:
            merged[key] = overlay(base[key], value, child, owned)
        else:
            owned.append(child)
            merged[key] = value
    return merged
