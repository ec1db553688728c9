"""Validates JSON documents against a JSON Schema (2020-12) with Debian's python3-jsonschema.

usage: validate_schema.py SCHEMA DOCUMENT...
Exits 0 when every document is valid; otherwise prints each error with its JSON path.
"""
import json
import sys

import jsonschema


def main(argv):
    with open(argv[1]) as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    failed = False
    for path in argv[2:]:
        with open(path) as f:
            document = json.load(f)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path)):
            failed = True
            where = "/".join(str(p) for p in error.path)
            print(f"{path}: /{where}: {error.message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
