#!/usr/bin/env python3
"""Generates a synthetic content-shaped git repository for the hook benchmark.

Packs/<Name>/ with pack_metadata.json, README.md, ReleaseNotes/ and Integrations/<I>/ holding
<I>.py, <I>.yml, <I>_test.py, <I>_description.md and README.md. The history is written with
`git fast-import` (one pack file, no per-file hashing by `git add`), then `git reset --hard`
checks it out and primes the index's cache-tree exactly as after a normal commit. On top:
an annotated tag on the commit, a feature branch checked out, and a few staged changes in one
pack (a modified integration, a new release note, a bumped pack version).

usage: gen_repo.py DIR FILES
"""
import json
import os
import subprocess
import sys

FILES_PER_INTEGRATION = 5
INTEGRATIONS_PER_PACK = 3
PACK_FILES = 4  # pack_metadata.json, README.md, two release notes


def pack_files(p):
    name = f"Pack{p:05d}"
    base = f"Packs/{name}"
    meta = {
        "name": name, "description": f"Synthetic pack {p}", "support": "community",
        "currentVersion": "1.0.1", "author": "bench", "created": "2026-01-01T00:00:00Z",
        "categories": ["Utilities"], "tags": [], "useCases": [], "keywords": [],
    }
    yield f"{base}/pack_metadata.json", json.dumps(meta, indent=4) + "\n"
    yield f"{base}/README.md", f"# {name}\n\nSynthetic pack number {p}.\n"
    yield f"{base}/ReleaseNotes/1_0_0.md", "\n#### Integrations\n\n##### First\n\n- Initial release.\n"
    yield f"{base}/ReleaseNotes/1_0_1.md", f"\n#### Integrations\n\n##### First\n\n- Fixed issue {p}.\n"
    for i in range(INTEGRATIONS_PER_PACK):
        integ = f"{name}Integration{i}"
        d = f"{base}/Integrations/{integ}"
        yield f"{d}/{integ}.py", (
            "import demistomock as demisto\nfrom CommonServerPython import *\n\n\n"
            f"def test_module(client):\n    return 'ok'  # {p}.{i}\n\n\n"
            "def main():\n    return_results(test_module(None))\n\n\n"
            "if __name__ in ('__main__', '__builtin__', 'builtins'):\n    main()\n")
        yield f"{d}/{integ}.yml", (
            f"commonfields:\n  id: {integ}\n  version: -1\nname: {integ}\ndisplay: {integ}\n"
            "category: Utilities\nscript:\n  type: python\n  subtype: python3\n"
            "  dockerimage: demisto/python3:3.11.10.115186\n  script: '-'\nfromversion: 6.10.0\n")
        yield f"{d}/{integ}_test.py", f"def test_ok():\n    assert {p} + {i} >= 0\n"
        yield f"{d}/{integ}_description.md", f"Configure {integ} with an API key.\n"
        yield f"{d}/README.md", f"Use {integ} to do things.\n"


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
        data = text.encode()
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
        f.write("\n#### Integrations\n\n##### First\n\n- Changed something.\n")
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
