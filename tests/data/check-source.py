#!/usr/bin/env python3
# check-source.py
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Source checks for the 'data' suite:
#
#   check-source.py deprecated SRCDIR   no API that GTK deprecated after 4.8 (nor a way of
#                                       silencing deprecation warnings) in src/, ui/ or the
#                                       build files; names every file:line
#   check-source.py layering SRCDIR     each layer under src/ includes only what it may

import os
import re
import sys

# (pattern, what to use instead). Plain names match as substrings (GtkComboBoxText is caught
# by GtkComboBox; GtkTreeListModel is not caught by GtkTreeModel); \b marks a whole word.
DEPRECATED = [
    (r'GtkTreeView', 'GtkListView / GtkColumnView'),
    (r'GtkTreeModel', 'GListModel'),
    (r'GtkListStore', 'GListStore'),
    (r'GtkTreeStore', 'GtkTreeListModel'),
    (r'GtkCellRenderer', 'GtkListItemFactory'),
    (r'GtkComboBox', 'GtkDropDown / AdwComboRow'),
    (r'GtkEntryCompletion', 'a GtkListView popover'),
    (r'GtkDialog', 'AdwWindow / AdwMessageDialog'),
    (r'GtkMessageDialog', 'AdwMessageDialog'),
    (r'\bgtk_dialog_', 'AdwWindow / AdwMessageDialog'),
    (r'GtkInfoBar', 'AdwBanner-like GtkRevealer or AdwToast'),
    (r'GtkStyleContext', 'gtk_widget_add_css_class'),
    (r'\bgtk_style_context', 'gtk_widget_add_css_class'),
    (r'\bgtk_widget_show\b', 'gtk_widget_set_visible'),
    (r'\bgtk_widget_hide\b', 'gtk_widget_set_visible'),
    (r'\bgtk_show_uri\b', 'GtkUriLauncher is 4.10: use g_app_info_launch_default_for_uri_async'),
    # the C API of the same widgets
    (r'\bgtk_tree_view_', 'GtkColumnView'),
    (r'\bgtk_tree_model_', 'GListModel'),
    (r'\bgtk_list_store_', 'GListStore'),
    (r'\bgtk_tree_store_', 'GtkTreeListModel'),
    (r'\bgtk_cell_renderer', 'GtkListItemFactory'),
    (r'\bgtk_combo_box_', 'GtkDropDown'),
    (r'\bgtk_entry_completion', 'a GtkListView popover'),
    (r'\bgtk_message_dialog_', 'AdwMessageDialog'),
    (r'\bgtk_info_bar_', 'GtkRevealer or AdwToast'),
    # switching the warnings off
    (r'-Wno-deprecated', 'nothing: deprecations are errors under -Werror'),
    (r'DISABLE_DEPRECATION_WARNINGS', 'nothing: fix the deprecated call'),
    (r'IGNORE_DEPRECATIONS', 'nothing: fix the deprecated call'),
]
DEPRECATED_RE = [(re.compile(p), p.replace('\\b', ''), instead) for p, instead in DEPRECATED]


def is_build_dir(path):
    return os.path.exists(os.path.join(path, 'meson-private'))


def walk(srcdir, top):
    root = os.path.join(srcdir, top)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in ('.git', 'subprojects')
                             and not is_build_dir(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)


def deprecated_scan_files(srcdir):
    files = []
    for top in ('src', 'ui'):
        files += [f for f in walk(srcdir, top)]
    # every build file, wherever it is, and the CI and helper scripts
    for f in walk(srcdir, '.'):
        name = os.path.basename(f)
        rel = os.path.relpath(f, srcdir)
        if name in ('meson.build', 'meson_options.txt', 'meson.options') \
           or rel.startswith(('.ci' + os.sep, 'build-aux' + os.sep)):
            files.append(f)
    return sorted(set(os.path.normpath(f) for f in files))


def cmd_deprecated(srcdir):
    hits = []
    files = deprecated_scan_files(srcdir)
    for path in files:
        try:
            with open(path, encoding='utf-8') as f:
                lines = f.readlines()
        except UnicodeDecodeError:
            continue
        rel = os.path.relpath(path, srcdir)
        for lineno, line in enumerate(lines, 1):
            for rx, name, instead in DEPRECATED_RE:
                if rx.search(line):
                    hits.append('%s:%d: %s (use %s)' % (rel, lineno, name, instead))
    for h in hits:
        print('# ' + h)
    if hits:
        print('not ok - %d uses of API deprecated after GTK 4.8' % len(hits))
        return 1
    print('ok - no API deprecated after GTK 4.8 in %d files' % len(files))
    return 0


# ---------------------------------------------------------------- layering

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')

# System headers each layer must not include (substring of the include path).
FORBIDDEN_SYSTEM = {
    'core': ['sqlite3.h', 'gtk/', 'gdk/', 'adwaita', 'libsoup', 'json-glib', 'libpq', 'libnotify',
             'pango', 'cairo'],
    # printable documents: pango and cairo over core, nothing else
    'report': ['sqlite3.h', 'gtk/', 'gdk/', 'adwaita', 'libsoup', 'json-glib', 'libpq', 'libnotify'],
    'store': ['gtk/', 'gdk/', 'adwaita', 'libsoup', 'json-glib', 'libpq', 'libnotify'],
    'sync': ['sqlite3.h', 'gtk/', 'gdk/', 'adwaita', 'libpq', 'libnotify'],
    'sync-client': ['sqlite3.h', 'gtk/', 'gdk/', 'adwaita', 'libpq', 'libnotify'],
    'server': ['sqlite3.h', 'gtk/', 'gdk/', 'adwaita', 'libnotify'],
    'cli': ['gtk/', 'gdk/', 'adwaita', 'libnotify', 'libpq'],
    'gui': ['libpq'],
}
# Project layers each layer may include (its own is always allowed).
ALLOWED_LAYERS = {
    'core': {'core'},
    'report': {'core', 'report'},
    'store': {'core', 'store'},
    'sync': {'core', 'sync'},
    'sync-client': {'core', 'store', 'sync'},
    'server': {'core', 'sync', 'server'},
    'gui': {'core', 'store', 'sync', 'sync-client', 'gui', 'report'},
    'cli': {'core', 'store', 'sync', 'sync-client', 'cli', 'report'},
    'main': {'core', 'store', 'sync', 'gui'},
}
GUI_ONLY = ('gtk/gtk.h', 'adwaita.h')
# Generated headers, by the layer that generates them.
GENERATED = {'dd-enum-types.h': 'core'}


def layer_of(srcdir, path):
    rel = os.path.relpath(path, os.path.join(srcdir, 'src'))
    parts = rel.split(os.sep)
    if len(parts) == 1:
        return 'main'
    # the desk's sync client (with its secret store and the service that
    # runs it) is its own library over the store; the codec beside it
    # stays free of the store (the server links it)
    if parts[0] == 'sync' and parts[-1].startswith(('dd-sync-client', 'dd-sync-secret', 'dd-sync-service')):
        return 'sync-client'
    return parts[0]


def cmd_layering(srcdir):
    srcroot = os.path.join(srcdir, 'src')
    header_layer = dict(GENERATED)
    sources = []
    for path in walk(srcdir, 'src'):
        if not path.endswith(('.c', '.h')):
            continue
        sources.append(path)
        if path.endswith('.h'):
            header_layer.setdefault(os.path.basename(path), layer_of(srcdir, path))

    problems = []
    for path in sources:
        layer = layer_of(srcdir, path)
        rel = os.path.relpath(path, srcdir)
        with open(path, encoding='utf-8', errors='replace') as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                inc = m.group(1)
                where = '%s:%d' % (rel, lineno)
                if layer not in ('gui', 'main') and any(inc.endswith(g) for g in GUI_ONLY):
                    problems.append('%s: %s includes <%s>; only src/gui and src/main.c may' % (where, layer, inc))
                for bad in FORBIDDEN_SYSTEM.get(layer, []):
                    if bad in inc:
                        problems.append('%s: src/%s must not include %s' % (where, layer, inc))
                base = os.path.basename(inc)
                target = header_layer.get(base)
                if target is None:
                    # a directory-qualified include of another layer's header
                    first = inc.split('/')[0]
                    if '/' in inc and first in ALLOWED_LAYERS:
                        target = first
                if target and target not in ALLOWED_LAYERS.get(layer, set()) | {layer}:
                    problems.append('%s: src/%s includes %s from src/%s, which it may not depend on'
                                    % (where, layer, inc, target))
    for p in problems:
        print('# ' + p)
    if problems:
        print('not ok - %d layering violations' % len(problems))
        return 1
    print('ok - %d files in src/ include only what their layer may' % len(sources))
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == 'deprecated':
        return cmd_deprecated(argv[2])
    if len(argv) == 3 and argv[1] == 'layering':
        return cmd_layering(argv[2])
    print('usage: check-source.py deprecated|layering SRCDIR', file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
