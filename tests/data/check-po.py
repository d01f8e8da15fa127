#!/usr/bin/env python3
# check-po.py
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Translation checks for the 'data' suite:
#
#   check-po.py complete SRCDIR LANG   LANG.po is complete (no untranslated, no fuzzy entry,
#                                      msgfmt --check clean) and up to date with the sources
#                                      (every msgid of a .pot freshly extracted from
#                                      po/POTFILES.in is translated in LANG.po).
#   check-po.py potfiles SRCDIR        every file under src/, ui/ and data/ with translatable
#                                      strings is listed in po/POTFILES.in, and every listed
#                                      file exists.
#   check-po.py pot SRCDIR OUT.pot     writes the freshly extracted template (for translators).

import os
import re
import subprocess
import sys
import tempfile

GETTEXT_PACKAGE = 'duty-desk'

# The same arguments as meson's i18n.gettext(preset: 'glib'), so this check sees exactly
# the strings the duty-desk-pot target extracts.
XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

# A file holds translatable strings when it contains one of these.
MARKERS = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_)\s*\(\s*"'
    r'|(?<![A-Za-z0-9_])(?:ngettext|g_dngettext|g_dpgettext2)\s*\('
    r'|translatable\s*=\s*"yes"'
)
# Files whose whole purpose is translatable text.
ALWAYS_TRANSLATABLE = ('.desktop.in', '.metainfo.xml.in', '.gschema.xml')
SCANNED_DIRS = ('src', 'ui', 'data')
SCANNED_SUFFIXES = ('.c', '.h', '.ui', '.in', '.xml')


def fail(msg):
    print('not ok - ' + msg)
    sys.exit(1)


def read_potfiles(srcdir):
    path = os.path.join(srcdir, 'po', 'POTFILES.in')
    entries = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append((lineno, line))
    return entries


def is_build_dir(path):
    return os.path.exists(os.path.join(path, 'meson-private'))


def translatable_files(srcdir):
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcdir, top)):
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith('.')
                                 and not is_build_dir(os.path.join(dirpath, d)))
            for name in sorted(filenames):
                if not name.endswith(SCANNED_SUFFIXES):
                    continue
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, srcdir)
                if name.endswith(ALWAYS_TRANSLATABLE):
                    found.append(rel)
                    continue
                with open(full, encoding='utf-8', errors='replace') as f:
                    if MARKERS.search(f.read()):
                        found.append(rel)
    return found


def cmd_potfiles(srcdir):
    entries = read_potfiles(srcdir)
    listed = [e for _, e in entries]
    problems = []
    seen = set()
    for lineno, entry in entries:
        if entry in seen:
            problems.append('po/POTFILES.in:%d: %s is listed twice' % (lineno, entry))
        seen.add(entry)
        if not os.path.isfile(os.path.join(srcdir, entry)):
            problems.append('po/POTFILES.in:%d: %s does not exist' % (lineno, entry))
    for rel in translatable_files(srcdir):
        if rel not in seen:
            problems.append('%s has translatable strings but is not listed in po/POTFILES.in' % rel)
    for p in problems:
        print('# ' + p)
    if problems:
        fail('po/POTFILES.in is out of date (%d problems)' % len(problems))
    print('ok - po/POTFILES.in lists all %d files with translatable strings' % len(listed))


def extract_pot(srcdir, out):
    entries = read_potfiles(srcdir)
    missing = [e for _, e in entries if not os.path.isfile(os.path.join(srcdir, e))]
    if missing:
        fail('po/POTFILES.in lists missing files: ' + ', '.join(missing))
    with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False, encoding='utf-8') as lst:
        for _, e in entries:
            lst.write(e + '\n')
        listfile = lst.name
    try:
        cmd = ['xgettext', '--package-name=' + GETTEXT_PACKAGE,
               '--directory=' + srcdir, '--files-from=' + listfile,
               '--output=' + out] + XGETTEXT_ARGS
        r = subprocess.run(cmd, capture_output=True, text=True)
    finally:
        os.unlink(listfile)
    if r.returncode != 0:
        print(r.stderr)
        fail('xgettext failed')
    if not os.path.exists(out):
        fail('xgettext found no translatable strings at all')


def msgfmt_statistics(po):
    r = subprocess.run(['msgfmt', '--check', '--statistics', '--output-file=' + os.devnull, po],
                       capture_output=True, text=True, env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))
    return r.returncode, (r.stdout + r.stderr).strip()


def cmd_complete(srcdir, lang):
    po = os.path.join(srcdir, 'po', lang + '.po')
    if not os.path.isfile(po):
        fail('%s does not exist' % po)

    rc, stats = msgfmt_statistics(po)
    print('# %s: %s' % (os.path.basename(po), stats.replace('\n', ' | ')))
    if rc != 0:
        fail('msgfmt --check rejects %s.po' % lang)
    if 'untranslated' in stats or 'fuzzy' in stats:
        fail('%s.po has untranslated or fuzzy entries: %s' % (lang, stats))

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, GETTEXT_PACKAGE + '.pot')
        extract_pot(srcdir, pot)
        merged = os.path.join(tmp, lang + '.po')
        r = subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--output-file=' + merged, po, pot],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr)
            fail('msgmerge failed')
        # msgcmp names every msgid of the template that the translation lacks
        # (untranslated and fuzzy entries count as lacking).
        r = subprocess.run(['msgcmp', po, pot], capture_output=True, text=True,
                           env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))
        rc2, stats2 = msgfmt_statistics(merged)
        if r.returncode != 0 or 'untranslated' in stats2 or 'fuzzy' in stats2:
            # name each missing string
            a = subprocess.run(['msgattrib', '--untranslated', '--no-obsolete', '--no-wrap', merged],
                               capture_output=True, text=True)
            ref = None
            ctxt = ''
            for line in a.stdout.splitlines():
                if line.startswith('#:') and ref is None:
                    ref = line[2:].split()[0]
                elif line.startswith('msgctxt '):
                    ctxt = line[8:] + ' | '
                elif line.startswith('msgid ') and (line != 'msgid ""' or ref is not None):
                    print('# %s: untranslated: %s%s' % (ref, ctxt, line[6:]))
                elif not line.strip():
                    ref, ctxt = None, ''
            print('# merged with the sources: ' + stats2.replace('\n', ' | '))
            fail('%s.po is not up to date with the sources: run ninja -C BUILD %s-update-po and translate'
                 % (lang, GETTEXT_PACKAGE))
    print('ok - %s.po is complete and up to date with the sources' % lang)


def main(argv):
    if len(argv) >= 3 and argv[1] == 'potfiles':
        print('1..1')
        cmd_potfiles(argv[2])
    elif len(argv) >= 4 and argv[1] == 'complete':
        print('1..1')
        cmd_complete(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == 'pot':
        extract_pot(argv[2], argv[3])
    else:
        print(__doc__ or 'usage: check-po.py complete SRCDIR LANG | potfiles SRCDIR | pot SRCDIR OUT',
              file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
