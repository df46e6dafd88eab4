# workflow/rules/common.smk: reads and checks workflow/config.yaml for workflow/Snakefile: the seedscan binary, the input FASTA and its compression, the scan options, the output paths.

import os
import shlex
import shutil

from snakemake.exceptions import WorkflowError


def conf(key, default=None):
    """A config value; empty strings and nulls count as unset."""
    v = config.get(key, default)
    return default if v is None or v == "" else v


def q(s):
    return shlex.quote(str(s))


# --- the seedscan binary: a bare name is looked up on PATH (where each job runs), a path is made absolute
SEEDSCAN = str(conf("seedscan", "seedscan"))
if "/" in SEEDSCAN:
    SEEDSCAN = os.path.abspath(SEEDSCAN)
    if not os.access(SEEDSCAN, os.X_OK):
        raise WorkflowError(f"config seedscan: '{SEEDSCAN}' is not an executable file")
elif shutil.which(SEEDSCAN) is None:
    raise WorkflowError(
        f"config seedscan: '{SEEDSCAN}' is not on PATH; build it with `make` and set "
        "`seedscan: ./seedscan` (or --config seedscan=/path/to/seedscan)")
SS = q(SEEDSCAN)

# --- input FASTA: plain, gzip or BGZF, detected from its first bytes
FASTA = conf("fasta")
if FASTA is None:
    raise WorkflowError("config fasta: the UTR or genome FASTA to scan is not set")
FASTA = os.path.abspath(str(FASTA))
if not os.path.isfile(FASTA):
    raise WorkflowError(f"config fasta: no such file: {FASTA}")


def compression(path):
    with open(path, "rb") as f:
        h = f.read(18)
    if h[:2] != b"\x1f\x8b":
        return "plain"
    # BGZF: gzip with FEXTRA whose first subfield is 'BC' (SAM/BAM specification, section 4.1)
    if len(h) >= 16 and h[3] & 4 and h[12:14] == b"BC":
        return "bgzf"
    return "gzip"


KIND = compression(FASTA)
GZIP_MODE = str(conf("gzip_mode", "auto"))     # plain gzip input: auto, bgzip or stream
if GZIP_MODE not in ("auto", "bgzip", "stream"):
    raise WorkflowError(f"config gzip_mode: '{GZIP_MODE}' is not auto, bgzip or stream")
BGZIP = str(conf("bgzip", "bgzip"))
if KIND == "gzip" and GZIP_MODE == "auto":
    GZIP_MODE = "bgzip" if shutil.which(BGZIP) else "stream"
if KIND == "gzip" and GZIP_MODE == "bgzip" and shutil.which(BGZIP) is None and not os.access(BGZIP, os.X_OK):
    raise WorkflowError(f"config gzip_mode bgzip: '{BGZIP}' not found (install tabix, or use gzip_mode: stream)")

RECOMPRESS = KIND == "gzip" and GZIP_MODE == "bgzip"
INDEXED = bool(conf("index", True)) and (KIND != "gzip" or RECOMPRESS)

OUT = str(conf("outdir", "results")).rstrip("/")
NAME = os.path.basename(FASTA)
INPUT = f"{OUT}/input/{NAME}"                   # what every scan reads (a link, or the BGZF copy)
INDEX_EXTS = ["fai", "gzi"] if KIND == "bgzf" or RECOMPRESS else ["fai"]
INDEX = [f"{INPUT}.{e}" for e in INDEX_EXTS]
ORIG_INDEX = [f"{FASTA}.{e}" for e in INDEX_EXTS]     # an index next to the original, if any
REUSE_INDEX = not RECOMPRESS and all(
    os.path.isfile(f) and os.path.getmtime(f) >= os.path.getmtime(FASTA) for f in ORIG_INDEX
)

# --- shards and options
N = int(conf("shards", 4))
if N < 1:
    raise WorkflowError("config shards: must be at least 1")
SHARDS = [str(i) for i in range(1, N + 1)]
SHARD_BY = str(conf("shard_by", "bases"))
if SHARD_BY not in ("bases", "records"):
    raise WorkflowError(f"config shard_by: '{SHARD_BY}' is not bases or records")
FORMAT = str(conf("format", "tsv"))
if FORMAT not in ("tsv", "bed"):
    raise WorkflowError(f"config format: '{FORMAT}' is not tsv or bed")
EXT = FORMAT
GZ = ".gz" if conf("compress", False) else ""   # merged outputs as BGZF
THREADS = int(conf("threads", 1))
KEEP_SHARDS = bool(conf("keep_shards", False))
# per job, for cluster executors: memory in MB and wall time in minutes (scans, expr); the
# light jobs (link, index, merge) ask for the same, so that a --cluster template can name them
RESOURCES = {"mem_mb": int(conf("mem_mb", 2000)), "runtime": int(conf("runtime", 60))}


def mirna_args():
    """miRNA selection, shared by every scan: -m FILE, --mirna LIST, --panel NAME|FILE, filters."""
    a = []
    mfile, mlist, panel = conf("mirnas"), conf("mirna"), conf("panel")
    if mfile:
        a += ["-m", os.path.abspath(str(mfile))]
    if mlist:
        a += ["--mirna", ",".join(mlist) if isinstance(mlist, list) else str(mlist)]
    if panel and not (mfile or mlist):
        p = str(panel)
        a += ["--panel", os.path.abspath(p) if os.path.isfile(p) else p]
        for key in ("resistance", "target"):
            if conf(key):
                a += ["--" + key, str(conf(key))]
    if conf("species"):
        a += ["--species", str(conf("species"))]
    return a


def site_args():
    a = []
    types = conf("types", "default")
    a += ["--types", ",".join(types) if isinstance(types, list) else str(types)]
    a += ["--shadow", str(int(conf("shadow", 14)))]
    a += ["--strand", str(conf("strand", "plus"))]
    return a


SCAN_OPTS = " ".join([q(x) for x in mirna_args() + site_args()] + [str(conf("scan_args", ""))]).strip()
SHARD_OPTS = f"--shard-by {SHARD_BY}"

EXPR = config.get("expr") or {}
EXPR_TABLE = EXPR.get("table") or ""
if EXPR_TABLE:
    EXPR_TABLE = os.path.abspath(str(EXPR_TABLE))
EXPR_SVG = bool(EXPR.get("svg", False))
EXPR_ARGS = str(EXPR.get("args") or "")
SUMMARY = bool(conf("summary", True)) or bool(EXPR_TABLE)


def shard_file(kind, ext):
    f = f"{OUT}/shards/{kind}.{{i}}-of-{N}.{ext}"
    return f if KEEP_SHARDS else temp(f)
