#!/usr/bin/env python3
"""Loads the dockersec extension into Python's standard sqlite3 module and
runs a join over docker and host tables; prints one JSON object per row.

usage: join.py EXTENSION CONTAINER_NAME
"""
import json
import sqlite3
import sys

JOIN = """
SELECT c.name, c.state, p.pid, p.name AS process, p.uid, v.version AS engine_version
FROM docker_containers AS c
JOIN processes AS p ON p.container_id = c.id
CROSS JOIN docker_version AS v
WHERE c.name = ?
ORDER BY p.pid
"""


def main():
    extension, name = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(extension)
    db.enable_load_extension(False)  # no SQL may load further extensions
    db.row_factory = sqlite3.Row
    try:
        for row in db.execute(JOIN, (name,)):
            print(json.dumps(dict(row)))
    except sqlite3.Error as e:  # an engine error is an SQL error, never zero rows
        print(f"sqlite3.Error: {e}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
