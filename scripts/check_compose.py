"""Checks a docker-compose file against the Compose Specification's JSON schema, as `docker compose
config` would before anything runs (no Docker engine needed). Prints each violation with its path
in the file; exits 1 when there is one.

    python scripts/check_compose.py docker-compose.yml app/src/test/resources/compose-spec.json
"""

import json
import sys

import jsonschema
import yaml


def main(compose_file: str, schema_file: str) -> int:
    with open(compose_file, encoding="utf-8") as f:
        compose = yaml.safe_load(f)
    with open(schema_file, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))
    for error in errors:
        where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        print(f"{compose_file}: {where}: {error.message}")
    if not errors:
        print(f"{compose_file}: valid ({len(compose.get('services', {}))} services)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
