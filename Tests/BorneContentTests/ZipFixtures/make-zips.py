#!/usr/bin/env python3
"""Makes the committed zip fixtures of ZipArchiveTests and ApidaeImportTests.

Run once, by hand, from this folder: python3 make-zips.py
The tests read the .zip files only; they never run this script (CI needs no
Python for them). Re-run it and commit the result when ../ApidaeFixtures/export
changes (testZipAndFolderGiveTheSameItems fails until then).

Made with Python 3.11's zipfile (Debian 12). Every entry gets the same fixed
date, so the output depends only on this script and the export folder.
"""
import os
import zipfile

DATE = (2026, 11, 26, 18, 0, 0)
HERE = os.path.dirname(os.path.abspath(__file__))
EXPORT = os.path.join(HERE, "..", "ApidaeFixtures", "export")


def info(name, method=zipfile.ZIP_STORED):
    i = zipfile.ZipInfo(name, date_time=DATE)
    i.compress_type = method
    i.external_attr = (0o40775 << 16) | 0x10 if name.endswith("/") else 0o644 << 16
    return i


def path(name):
    return os.path.join(HERE, name)


# ZipArchiveTests.testReadsStoredAndDeflatedEntries
with zipfile.ZipFile(path("stored-and-deflated.zip"), "w") as z:
    z.writestr(info("stored.txt"), "hello stored")
    z.writestr(info("dir/deflated.json", zipfile.ZIP_DEFLATED), '{"a": "' + "é" * 5000 + '"}')
    z.writestr(info("empty.txt", zipfile.ZIP_DEFLATED), "")
    z.writestr(info("dir/"), "")

# ZipArchiveTests.testPathTraversalNamesAreRefused: traversal-0.zip ... traversal-4.zip
for n, bad in enumerate(["../evil.json", "objets_modifies/../../evil.json", "/etc/passwd", "C:/x.json", "a\\..\\b"]):
    with zipfile.ZipFile(path(f"traversal-{n}.zip"), "w") as z:
        z.writestr(info("ok.json"), "[]")
        i = info("placeholder")
        i.filename = bad  # as is: ZipInfo() would normalise it
        z.writestr(i, "x")

# ZipArchiveTests.testDamagedDataFailsTheCRCOrInflate (the test damages it)
with zipfile.ZipFile(path("stored-1000.zip"), "w") as z:
    z.writestr(info("a.txt"), "abcdefghij" * 100)

# ZipArchiveTests.testDeclaredSizeIsChecked (the test lowers the declared size)
with zipfile.ZipFile(path("deflated-10000.zip"), "w") as z:
    z.writestr(info("a.txt", zipfile.ZIP_DEFLATED), "x" * 10000)

# ZipArchiveTests.testZip64AndNonZipsAreRefusedClearly: a Zip64 extra field in
# the local header only, then a Zip64 end of central directory.
with zipfile.ZipFile(path("zip64-local-header.zip"), "w", allowZip64=True) as z:
    with z.open(info("big.txt"), "w", force_zip64=True) as f:
        f.write(b"x" * 10)
limit = zipfile.ZIP_FILECOUNT_LIMIT
zipfile.ZIP_FILECOUNT_LIMIT = 0
with zipfile.ZipFile(path("zip64-end-record.zip"), "w", allowZip64=True) as z:
    z.writestr(info("a.txt"), "abc")
zipfile.ZIP_FILECOUNT_LIMIT = limit


def zip_tree(src, out, prefix=""):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for root, dirs, files in os.walk(src):
            dirs.sort()
            for f in sorted(files):
                p = os.path.join(root, f)
                with open(p, "rb") as fh:
                    z.writestr(info(prefix + os.path.relpath(p, src), zipfile.ZIP_DEFLATED), fh.read())


# ApidaeImportTests.testZipAndFolderGiveTheSameItems: the export, zipped.
zip_tree(EXPORT, path("apidae-export.zip"))

# ApidaeImportTests.testZipWithATopFolderAndMacOSJunkIsRead: as Finder's
# "Compress" makes it, one top folder and __MACOSX/ junk.
zip_tree(EXPORT, path("apidae-finder.zip"), prefix="export-2026-11-26/")
with zipfile.ZipFile(path("apidae-finder.zip"), "a") as z:
    z.writestr(info("__MACOSX/export-2026-11-26/objets_modifies/._objets_modifies-1.json", zipfile.ZIP_DEFLATED), "not json")

# ApidaeImportTests.testZipWithPathTraversalIsRefusedWhole: the export plus
# one entry climbing out.
zip_tree(EXPORT, path("apidae-zip-slip.zip"))
with zipfile.ZipFile(path("apidae-zip-slip.zip"), "a") as z:
    z.writestr(info("../../evil.json", zipfile.ZIP_DEFLATED), "[]")
