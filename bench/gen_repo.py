#!/usr/bin/env python3
"""Generates a synthetic content-shaped git repository for the hook benchmark.

Packs/<Name>/ with pack_metadata.json, README.md, .pack-ignore, .secrets-ignore, ReleaseNotes/ and
Integrations/<I>/ holding <I>.py, <I>.yml, <I>_test.py, <I>_description.md, README.md and a 120x50
<I>_image.png: packs that pass flow's content gates, so the hook does every check and allows. The history is written with
`git fast-import` (one pack file, no per-file hashing by `git add`), then `git reset --hard`
checks it out and primes the index's cache-tree exactly as after a normal commit. On top:
an annotated tag on the commit, a feature branch checked out, and a few staged changes in one
pack (a modified integration with its README and description, a new release note, a bumped version).

usage: gen_repo.py DIR FILES
"""
import json
import os
import struct
import subprocess
import sys
import zlib

FILES_PER_INTEGRATION = 6  # .py, .yml, _test.py, _description.md, README.md, _image.png
INTEGRATIONS_PER_PACK = 3
PACK_FILES = 6  # pack_metadata.json, README.md, .pack-ignore, .secrets-ignore, two release notes


def png(width, height):
    """A real PNG of one grey colour: what the logo gate (and demisto-sdk's IM111) reads."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


LOGO = png(120, 50)


def readme(name, p, sentence):
    """A pack README in the seed's mandatory structure, so the pack passes flow's content gates."""
    integrations = "".join(
        f"### {name}Integration{i}\n\n{name}Integration{i} connects Cortex XSOAR to service {p}.\n\n"
        "#### Authentication\n\nAn API key.\n\n#### Configuration\n\nNo parameters.\n\n"
        "#### Commands\n\nNo commands besides test-module.\n\n" for i in range(INTEGRATIONS_PER_PACK))
    return (f"# {name}\n\nThe {name} pack connects Cortex XSOAR to synthetic service number {p} for the benchmark. {sentence}\n\n"
            "## Dependencies\n\n*No dependencies*\n\n## Integrations\n\n" + integrations
            + "## Troubleshooting\n\n| Issue | Solution |\n| --- | --- |\n| test-module fails | Check the API key. |\n")


def notes(name, line):
    return f"\n#### Integrations\n\n##### {name}Integration0\n\n- {line}\n"


def pack_files(p):
    name = f"Pack{p:05d}"
    base = f"Packs/{name}"
    meta = {
        "name": name, "description": f"Synthetic pack {p}", "support": "community",
        "currentVersion": "1.0.1", "author": "bench", "url": "https://example.com/support",
        "created": "2026-01-01T00:00:00Z", "categories": ["Utilities"], "tags": [], "useCases": [], "keywords": [],
        "marketplaces": ["xsoar"],
    }
    yield f"{base}/pack_metadata.json", json.dumps(meta, indent=4) + "\n"
    yield f"{base}/README.md", readme(name, p, "It has three integrations.")
    yield f"{base}/.pack-ignore", ""
    yield f"{base}/.secrets-ignore", ""
    yield f"{base}/ReleaseNotes/1_0_0.md", notes(name, "Initial release.")
    yield f"{base}/ReleaseNotes/1_0_1.md", notes(name, f"Fixed issue {p}.")
    for i in range(INTEGRATIONS_PER_PACK):
        integ = f"{name}Integration{i}"
        d = f"{base}/Integrations/{integ}"
        yield f"{d}/{integ}.py", (
            "import demistomock as demisto\nfrom CommonServerPython import *\n\n\n"
            f"def test_module(client):\n    return 'ok'  # {p}.{i}\n\n\n"
            "def main():\n    command = demisto.command()\n    try:\n        if command == 'test-module':\n"
            "            return_results(test_module(None))\n    except Exception as e:\n"
            "        return_error(f'Failed to execute {command}: {e}')\n\n\n"
            "if __name__ in ('__main__', '__builtin__', 'builtins'):\n    main()\n")
        yield f"{d}/{integ}.yml", (
            f"commonfields:\n  id: {integ}\n  version: -1\nname: {integ}\ndisplay: {integ}\n"
            "category: Utilities\nscript:\n  type: python\n  subtype: python3\n"
            "  dockerimage: demisto/python3:3.11.10.115186\n  script: '-'\nfromversion: 6.10.0\n")
        yield f"{d}/{integ}_test.py", f"def test_ok():\n    assert {p} + {i} >= 0\n"
        yield f"{d}/{integ}_description.md", f"Configure {integ} with an API key.\n"
        yield f"{d}/README.md", f"Use {integ} to do things.\n"
        yield f"{d}/{integ}_image.png", LOGO


def main():
    target, wanted = sys.argv[1], int(sys.argv[2])
    per_pack = PACK_FILES + INTEGRATIONS_PER_PACK * FILES_PER_INTEGRATION
    packs = max(1, wanted // per_pack)
    os.makedirs(target, exist_ok=True)
    git = lambda *a, **kw: subprocess.run(["git", "-C", target, *a], check=True, **kw)
    git("init", "-q", "-b", "main")
    git("config", "user.name", "Bench")
    git("config", "user.email", "bench@example.com")
    git("config", "commit.gpgsign", "false")
    git("config", "tag.gpgsign", "false")

    fi = subprocess.Popen(["git", "-C", target, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = fi.stdin
    stamp = "1767225600 +0000"
    files = [("Tools/README.md", "# Tools\n")]
    for p in range(packs):
        files.extend(pack_files(p))
    # Top-up so the count is exact.
    k = 0
    while len(files) < wanted:
        files.append((f"Tools/extra/file{k:06d}.txt", f"extra {k}\n"))
        k += 1
    chunks = [f"commit refs/heads/main\nmark :1\ncommitter Bench <bench@example.com> {stamp}\n"
              "data 16\nInitial content\n"]
    for path, text in files:
        data = text if isinstance(text, bytes) else text.encode()
        chunks.append(f"M 100644 inline {path}\ndata {len(data)}\n")
        out.write("".join(chunks).encode())
        chunks = []
        out.write(data + b"\n")
    msg = b"Release 1.0.1\n"
    out.write(f"\ntag v1.0.1\nfrom :1\ntagger Bench <bench@example.com> {stamp}\ndata {len(msg)}\n".encode() + msg)
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")

    git("reset", "-q", "--hard", "main")
    git("checkout", "-q", "-b", "feature/bench-change")
    # A few staged changes in one pack, as a contributor would make them.
    pack = f"Packs/Pack{packs // 2:05d}"
    integ = f"Pack{packs // 2:05d}Integration0"
    with open(f"{target}/{pack}/Integrations/{integ}/{integ}.py", "a") as f:
        f.write("\n# changed for the benchmark\n")
    with open(f"{target}/{pack}/ReleaseNotes/1_0_2.md", "w") as f:
        f.write(notes(f"Pack{packs // 2:05d}", "Changed something."))
    # The seed: a code change comes with the pack README and the integration's description.
    with open(f"{target}/{pack}/README.md", "w") as f:
        f.write(readme(f"Pack{packs // 2:05d}", packs // 2, "It changed for the benchmark."))
    with open(f"{target}/{pack}/Integrations/{integ}/{integ}_description.md", "a") as f:
        f.write("The benchmark changed it.\n")
    meta_path = f"{target}/{pack}/pack_metadata.json"
    with open(meta_path) as f:
        meta = json.load(f)
    meta["currentVersion"] = "1.0.2"
    with open(meta_path, "w") as f:
        f.write(json.dumps(meta, indent=4) + "\n")
    git("add", "--", pack)
    print(f"{target}: {len(files)} files in {packs} packs; staged changes in {pack}")


if __name__ == "__main__":
    main()
