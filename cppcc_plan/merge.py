"""One unit's year file: the base with the unit's changes laid over it.

Mappings merge key by key; anything else the unit gives (a text, a date, a list) replaces the
base's value whole, so a unit that lists its own activities gets exactly those. The result is
a Source like any loaded file, except that the values the unit supplied are attached as parts
from the units file: a problem in one of them names its row or cell, any other the base file's
line.
"""

from .source import Source


def merge(base: Source, unit: Source) -> Source:
    owned: list[tuple] = []
    merged = Source(base.name, overlay(base.data, unit.data, (), owned), base.encoding,
                    base.positions, base.key_positions)
    positions, key_positions = split(unit.positions, owned), split(unit.key_positions, owned)
    for path in owned:
        merged.attach(path, Source(unit.name, None, unit.encoding, positions[path],
                                   key_positions[path]))
    return merged


def split(positions: dict, prefixes: list[tuple]) -> dict[tuple, dict]:
    """shifted(positions, prefix) for every prefix at once, in one pass over the positions
    (a full unit file has thousands): the prefixes overlay collects never nest."""
    parts = {prefix: {} for prefix in prefixes}
    lengths = sorted({len(prefix) for prefix in prefixes})
    for path, where in positions.items():
        for n in lengths:
            part = parts.get(path[:n]) if len(path) >= n else None
            if part is not None:
                part[path[n:]] = where
                break
    return parts


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


def shifted(positions: dict, prefix: tuple) -> dict:
    """The positions under prefix, keyed from there."""
    return {path[len(prefix):]: where for path, where in positions.items()
            if path[:len(prefix)] == prefix}
