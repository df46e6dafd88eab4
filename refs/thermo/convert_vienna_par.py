#!/usr/bin/env python3
"""convert_vienna_par.py: rewrites a ViennaRNA 2.x parameter file as refs/thermo/turner2004.par.

Usage: python3 refs/thermo/convert_vienna_par.py rna_turner2004.par > refs/thermo/turner2004.par

The input is ViennaRNA's public transcription of the Turner 2004 set (misc/rna_turner2004.par,
tag v2.4.18). Only the published numbers are kept: every section is parsed, its number of values
checked against the shape the format defines, and written again with our own row labels and a
provenance header. The output stays in the ViennaRNA 2.0 section format (see README.md), so the
same loader reads it and a user's `-P FILE`. Python 3 standard library only.
"""
import re
import sys

PAIRS = ["CG", "GC", "GU", "UG", "AU", "UA", "NS"]
BASES = ["N", "A", "C", "G", "U"]

# section -> (row width, list of row labels); the value count is width * len(labels)
def mismatch_rows():
    return [f"{p},{b}" for p in PAIRS for b in BASES]

def int11_rows():
    return [f"{p}..{q},{b}" for p in PAIRS for q in PAIRS for b in BASES]

def int21_rows():
    return [f"{p}..{q},{b},{c}" for p in PAIRS for q in PAIRS for b in BASES for c in BASES]

def int22_rows():
    acgu = BASES[1:]
    return [f"{p}..{q},{a},{b},{c}" for p in PAIRS[:6] for q in PAIRS[:6]
            for a in acgu for b in acgu for c in acgu]

SHAPES = {
    "stack": (7, PAIRS),
    "mismatch_hairpin": (5, mismatch_rows()),
    "mismatch_interior": (5, mismatch_rows()),
    "mismatch_interior_1n": (5, mismatch_rows()),
    "mismatch_interior_23": (5, mismatch_rows()),
    "mismatch_multi": (5, mismatch_rows()),
    "mismatch_exterior": (5, mismatch_rows()),
    "dangle5": (5, PAIRS),
    "dangle3": (5, PAIRS),
    "int11": (5, int11_rows()),
    "int21": (5, int21_rows()),
    "int22": (4, int22_rows()),
    "hairpin": (31, ["loop size 0..30"]),
    "bulge": (31, ["loop size 0..30"]),
    "interior": (31, ["loop size 0..30"]),
    "ML_params": (6, ["cu cu_dH cc cc_dH ci ci_dH"]),
    "NINIO": (3, ["m m_dH max"]),
    "Misc": (4, ["DuplexInit DuplexInit_dH TerminalAU TerminalAU_dH"]),
}
LOOPS = ["Tetraloops", "Triloops", "Hexaloops"]
ALIASES = {"internal": "interior", "mismatch_internal": "mismatch_interior",
           "mismatch_internal_1n": "mismatch_interior_1n",
           "mismatch_internal_23": "mismatch_interior_23"}
TOKEN = re.compile(r"^(-?\d+|INF|DEF|NST)$")

HEADER = """## RNAfold parameter file v2.0
/* seedscan refs/thermo/turner2004.par: RNA nearest-neighbour free energies at 37 C (dcal/mol) */
/* and enthalpies, Turner 2004: Mathews et al., PNAS 2004;101:7287-7292; NNDB, Turner and     */
/* Mathews, NAR 2010;38:D280-D282. Numbers as transcribed in ViennaRNA 2.4.18                  */
/* misc/rna_turner2004.par (the set RNAfold and RNAduplex use by default), rewritten by        */
/* refs/thermo/convert_vienna_par.py; format and row order: refs/thermo/README.md.             */
"""


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def split_sections(lines):
    sections, name = {}, None
    for raw in lines:
        line = raw.rstrip("\n")
        m = re.match(r"^#\s*(\S+)", line)
        if m and not line.startswith("##"):
            name = ALIASES.get(m.group(1), m.group(1))
            if name == "END":
                break
            sections[name] = []
        elif name:
            sections[name].append(line)
    return sections


def numbers(name, body):
    toks = strip_comments("\n".join(body)).split()
    for t in toks:
        if not TOKEN.match(t):
            sys.exit(f"convert_vienna_par: section {name}: unexpected token {t!r}")
    return toks


def emit_table(out, name, base, toks):
    """Section name (an enthalpy section has the shape of its free-energy section base)."""
    width, labels = SHAPES[base]
    if len(toks) != width * len(labels):
        sys.exit(f"convert_vienna_par: section {name}: {len(toks)} values, "
                 f"expected {width * len(labels)}")
    out.append(f"# {name}")
    if width > 10:  # 1-D loop tables: ten a line, as the format allows
        for i in range(0, width, 10):
            out.append("".join(f"{t:>6}" for t in toks[i:i + 10]))
        out.append(f"/* {labels[0]} */")
    else:
        for r, label in enumerate(labels):
            row = toks[r * width:(r + 1) * width]
            out.append("".join(f"{t:>6}" for t in row) + f"    /* {label} */")
    out.append("")


def emit_loops(out, name, body):
    out.append(f"# {name}")
    for line in body:
        f = strip_comments(line).split()
        if len(f) != 3:
            break
        if not re.match(r"^[ACGU]+$", f[0]) or not TOKEN.match(f[1]) or not TOKEN.match(f[2]):
            sys.exit(f"convert_vienna_par: section {name}: bad line {line!r}")
        out.append(f"{f[0]} {f[1]:>6} {f[2]:>6}")
    out.append("")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2])
    with open(sys.argv[1]) as fh:
        lines = fh.readlines()
    if not lines or not lines[0].startswith("## RNAfold parameter file v2.0"):
        sys.exit("convert_vienna_par: not a ViennaRNA 2.0 parameter file")
    sections = split_sections(lines[1:])
    out = [HEADER]
    for base in list(SHAPES):
        for name in (base, base + "_enthalpies"):
            if name in sections:
                emit_table(out, name, base, numbers(name, sections[name]))
            elif base not in ("ML_params", "NINIO", "Misc"):
                sys.exit(f"convert_vienna_par: section {name} missing")
    for name in LOOPS:
        emit_loops(out, name, sections.get(name, []))
    out.append("#END")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
