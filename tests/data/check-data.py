#!/usr/bin/env python3
# check-data.py
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks of the files under data/ and flatpak/ for the 'data' suite:
#
#   check-data.py divisions SRCDIR              data/divisions-guizhou.csv is a sound division tree
#   check-data.py schema BUILDDIR SCHEMA_ID     the compiled schema in BUILDDIR/data has exactly the
#                                               keys and defaults the window relies on
#   check-data.py icons SRCDIR                  the app icons are valid SVG of the right size, the
#                                               symbolic one a single #000 colour
#   check-data.py flatpak SRCDIR                the Flatpak manifest's ids, runtime, permissions
#                                               and modules
#   check-data.py merged DESKTOP METAINFO LANG  the built desktop file and metainfo carry the
#                                               LANG translations merged from po/
#   check-data.py show-manifest FLATPAK_BUILDER MANIFEST
#                                               flatpak-builder --show-manifest parses the manifest
#                                               (run in a temporary directory: it leaves a
#                                               .flatpak-builder folder behind)
#   check-data.py missing-tool TOOL PACKAGE     fails: a validator the 'data' suite needs is missing

import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BASE_ID = 'io.github.dutydesk.DutyDesk'

problems = []


def problem(msg):
    problems.append(msg)
    print('# ' + msg)


def finish(what):
    if problems:
        print('not ok - %s (%d problems)' % (what, len(problems)))
        sys.exit(1)
    print('ok - ' + what)
    sys.exit(0)


# ---------------------------------------------------------------- divisions

EXPECTED_COUNTS = {'province': 1, 'prefecture': 9, 'county': 88}
PARENT_LEVEL = {'province': None, 'prefecture': 'province', 'county': 'prefecture'}


def cmd_divisions(srcdir):
    rel = 'data/divisions-guizhou.csv'
    with open(os.path.join(srcdir, rel), 'rb') as f:
        raw = f.read()
    if raw.startswith(b'\xef\xbb\xbf'):
        problem('%s starts with a byte-order mark' % rel)
    if b'\r' in raw:
        problem('%s has CR line endings' % rel)
    if not raw.endswith(b'\n'):
        problem('%s does not end with a newline' % rel)
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        problem('%s is not UTF-8: %s' % (rel, e))
        finish('divisions')

    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != ['code', 'name', 'level', 'parent_code']:
        problem('%s:1: header must be code,name,level,parent_code, not %r' % (rel, rows[0] if rows else None))
        finish('divisions')

    by_code = {}
    counts = {}
    names = {}
    for lineno, row in enumerate(rows[1:], 2):
        where = '%s:%d' % (rel, lineno)
        if len(row) != 4:
            problem('%s: %d fields, expected 4' % (where, len(row)))
            continue
        code, name, level, parent = row
        if not re.fullmatch(r'52[0-9]{4}', code):
            problem('%s: code %r is not a 6-digit Guizhou (52xxxx) code' % (where, code))
        if code in by_code:
            problem('%s: code %s is repeated (first on line %d)' % (where, code, by_code[code][0]))
            continue
        if not name or name != name.strip():
            problem('%s: name %r is empty or has surrounding blanks' % (where, name))
        if level not in PARENT_LEVEL:
            problem('%s: level %r is not province, prefecture or county' % (where, level))
        key = (parent, name)
        if key in names:
            problem('%s: name %s repeated under the same parent (line %d)' % (where, name, names[key]))
        names[key] = lineno
        by_code[code] = (lineno, name, level, parent)
        counts[level] = counts.get(level, 0) + 1

    if len(rows) - 1 != 98:
        problem('%s: %d rows, expected 98' % (rel, len(rows) - 1))
    for level, n in EXPECTED_COUNTS.items():
        if counts.get(level, 0) != n:
            problem('%s: %d %s rows, expected %d' % (rel, counts.get(level, 0), level, n))

    for code, (lineno, name, level, parent) in by_code.items():
        where = '%s:%d' % (rel, lineno)
        want = PARENT_LEVEL.get(level)
        if want is None:
            if parent:
                problem('%s: the province must have no parent, has %s' % (where, parent))
            if not code.endswith('0000'):
                problem('%s: province code %s must end in 0000' % (where, code))
            continue
        if parent not in by_code:
            problem('%s: parent %r of %s does not exist' % (where, parent, code))
            continue
        plevel = by_code[parent][2]
        if plevel != want:
            problem('%s: a %s must have a %s parent, %s is a %s' % (where, level, want, parent, plevel))
        if level == 'prefecture' and (not code.endswith('00') or code.endswith('0000')):
            problem('%s: prefecture code %s must end in 00 (not 0000)' % (where, code))
        if level == 'county' and (code[:4] != parent[:4] or code.endswith('00')):
            problem('%s: county code %s does not belong to prefecture %s' % (where, code, parent))

    # The application loads it from the data resource.
    gresource = ET.parse(os.path.join(srcdir, 'data', 'dd-data.gresource.xml')).getroot()
    files = [f.text for f in gresource.iter('file')]
    if 'divisions-guizhou.csv' not in files:
        problem('data/dd-data.gresource.xml does not compile in divisions-guizhou.csv')
    finish('divisions: %d rows, %s' % (len(by_code), ', '.join('%d %s' % (counts.get(k, 0), k) for k in EXPECTED_COUNTS)))


# ---------------------------------------------------------------- GSettings

EXPECTED_KEYS = {
    'window-width': '1100',
    'window-height': '720',
    'window-maximized': 'false',
}


def cmd_schema(builddir, schema_id):
    schemadir = os.path.join(builddir, 'data')
    if not os.path.isfile(os.path.join(schemadir, 'gschemas.compiled')):
        problem('%s/gschemas.compiled does not exist' % schemadir)
        finish('schema')
    r = subprocess.run(['gsettings', '--schemadir', schemadir, 'list-recursively', schema_id],
                       capture_output=True, text=True,
                       env=dict(os.environ, GSETTINGS_BACKEND='memory'))
    if r.returncode != 0:
        problem('gsettings cannot read %s from %s: %s' % (schema_id, schemadir, r.stderr.strip()))
        finish('schema')
    got = {}
    for line in r.stdout.splitlines():
        sid, key, value = line.split(' ', 2)
        got[key] = value
    if got != EXPECTED_KEYS:
        problem('keys of %s are %r, expected %r' % (schema_id, got, EXPECTED_KEYS))
    r = subprocess.run(['gsettings', '--schemadir', schemadir, 'describe', schema_id, 'window-width'],
                       capture_output=True, text=True, env=dict(os.environ, GSETTINGS_BACKEND='memory'))
    if r.returncode != 0 or not r.stdout.strip():
        problem('window-width has no description')
    finish('schema %s: %s' % (schema_id, ', '.join('%s=%s' % kv for kv in sorted(got.items()))))


# ---------------------------------------------------------------- icons

SVG_NS = '{http://www.w3.org/2000/svg}'
ICONS = {
    'data/icons/hicolor/scalable/apps/%s.svg' % BASE_ID: 128,
    'data/icons/hicolor/scalable/apps/%s.Devel.svg' % BASE_ID: 128,
    'data/icons/hicolor/symbolic/apps/%s-symbolic.svg' % BASE_ID: 16,
}
COLOUR_ATTRS = ('fill', 'stroke', 'stop-color', 'color')


def cmd_icons(srcdir):
    for rel, size in ICONS.items():
        try:
            root = ET.parse(os.path.join(srcdir, rel)).getroot()
        except (OSError, ET.ParseError) as e:
            problem('%s: %s' % (rel, e))
            continue
        if root.tag != SVG_NS + 'svg':
            problem('%s: the root element is %s, not svg' % (rel, root.tag))
            continue
        if root.get('width') != str(size) or root.get('height') != str(size) \
           or root.get('viewBox') != '0 0 %d %d' % (size, size):
            problem('%s: must be %dx%d with viewBox "0 0 %d %d"' % (rel, size, size, size, size))
        drawn = [e for e in root.iter() if e.tag in (SVG_NS + 'path', SVG_NS + 'rect', SVG_NS + 'circle')]
        if not drawn:
            problem('%s: draws nothing' % rel)
        if size == 16:
            for e in root.iter():
                for attr in COLOUR_ATTRS:
                    v = e.get(attr)
                    if v is not None and v.lower() not in ('#000', '#000000', 'none'):
                        problem('%s: symbolic icons use #000 only, found %s="%s"' % (rel, attr, v))
                if e.get('style') and re.search(r'(fill|stroke)\s*:\s*(?!#000\b|#000000\b|none\b)', e.get('style')):
                    problem('%s: symbolic icons use #000 only, found style="%s"' % (rel, e.get('style')))
    finish('icons: %d valid SVG files' % len(ICONS))


# ---------------------------------------------------------------- Flatpak

ALLOWED_FINISH_ARGS = {
    '--share=network', '--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri',
}


def cmd_flatpak(srcdir):
    rel = 'flatpak/%s.json' % BASE_ID
    path = os.path.join(srcdir, rel)
    try:
        with open(path, encoding='utf-8') as f:
            m = json.load(f)
    except (OSError, ValueError) as e:
        problem('%s: %s' % (rel, e))
        finish('flatpak')
    if m.get('app-id', m.get('id')) != BASE_ID:
        problem('%s: app-id must be %s' % (rel, BASE_ID))
    if m.get('runtime') != 'org.gnome.Platform' or m.get('sdk') != 'org.gnome.Sdk':
        problem('%s: runtime/sdk must be org.gnome.Platform/org.gnome.Sdk' % rel)
    if m.get('command') != 'duty-desk':
        problem('%s: command must be duty-desk' % rel)
    for arg in m.get('finish-args', []):
        if arg not in ALLOWED_FINISH_ARGS:
            problem('%s: finish-arg %s is not in the minimal set %s' % (rel, arg, sorted(ALLOWED_FINISH_ARGS)))
    modules = m.get('modules', [])
    names = [mod.get('name') if isinstance(mod, dict) else mod for mod in modules]
    if not any(n and ('postgresql' in n or 'libpq' in n) for n in names):
        problem('%s: no module provides libpq (not in the GNOME runtime)' % rel)
    for mod in modules:
        if not isinstance(mod, dict):
            continue
        for src in mod.get('sources', []):
            if src.get('type') == 'archive' and not re.fullmatch(r'[0-9a-f]{64}', src.get('sha256', '')):
                problem('%s: module %s: archive %s has no sha256' % (rel, mod.get('name'), src.get('url')))
    app = modules[-1] if modules and isinstance(modules[-1], dict) else {}
    if app.get('name') != 'duty-desk' or app.get('buildsystem') != 'meson':
        problem('%s: the last module must be duty-desk, built with meson' % rel)
    dirs = [s for s in app.get('sources', []) if s.get('type') == 'dir']
    if not dirs:
        problem('%s: the duty-desk module must build the local checkout (type dir)' % rel)
    for s in dirs:
        top = os.path.normpath(os.path.join(os.path.dirname(path), s.get('path', '')))
        if os.path.realpath(top) != os.path.realpath(srcdir):
            problem('%s: dir source %s is not the project root' % (rel, s.get('path')))
    finish('flatpak manifest: %d modules, finish-args %s' % (len(modules), ' '.join(m.get('finish-args', []))))


def cmd_merged(desktop, metainfo, lang):
    with open(desktop, encoding='utf-8') as f:
        entries = dict(line.rstrip('\n').split('=', 1) for line in f if '=' in line and not line.startswith('#'))
    for key in ('Name', 'GenericName', 'Comment', 'Keywords'):
        value = entries.get('%s[%s]' % (key, lang))
        if not value:
            problem('%s: no %s[%s]' % (os.path.basename(desktop), key, lang))
        elif value == entries.get(key):
            problem('%s: %s[%s] is the English text' % (os.path.basename(desktop), key, lang))
    root = ET.parse(metainfo).getroot()
    xml_lang = '{http://www.w3.org/XML/1998/namespace}lang'
    wanted = lang.replace('_', '-')
    for tag in ('name', 'summary'):
        if not [e for e in root.findall(tag) if e.get(xml_lang) in (lang, wanted)]:
            problem('%s: no <%s xml:lang="%s">' % (os.path.basename(metainfo), tag, wanted))
    if not [e for e in root.iter('p') if e.get(xml_lang) in (lang, wanted)]:
        problem('%s: the description has no %s paragraphs' % (os.path.basename(metainfo), wanted))
    finish('%s translations merged into the desktop file and the metainfo' % lang)


def cmd_show_manifest(flatpak_builder, manifest):
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([flatpak_builder, '--show-manifest', os.path.abspath(manifest)],
                           cwd=tmp, capture_output=True, text=True)
    if r.returncode != 0:
        problem('flatpak-builder --show-manifest %s: %s' % (manifest, r.stderr.strip()))
    finish('flatpak-builder reads %s' % os.path.basename(manifest))


def main(argv):
    if len(argv) == 3 and argv[1] == 'divisions':
        cmd_divisions(argv[2])
    elif len(argv) == 4 and argv[1] == 'schema':
        cmd_schema(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == 'icons':
        cmd_icons(argv[2])
    elif len(argv) == 3 and argv[1] == 'flatpak':
        cmd_flatpak(argv[2])
    elif len(argv) == 5 and argv[1] == 'merged':
        cmd_merged(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == 'show-manifest':
        cmd_show_manifest(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == 'missing-tool':
        print('not ok - %s is not installed (Debian package %s); the data suite needs it' % (argv[2], argv[3]))
        return 1
    else:
        print('usage: check-data.py divisions|icons|flatpak SRCDIR | schema BUILDDIR ID | missing-tool TOOL PKG',
              file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
