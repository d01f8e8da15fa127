#!/usr/bin/python3
# test-e2e.py
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: the built duty-desk on a fresh database, driven through
AT-SPI as a person would, in English and in Chinese.

Usage: test-e2e.py DUTY_DESK PO_BUILD_DIR OUT_DIR
Writes OUT_DIR/duty-desk-today.png and OUT_DIR/duty-desk-today-zh_CN.png.
Runs under xvfb-run + dbus-run-session; fails (never skips) without them.
"""
import gettext
import os
import shutil
import subprocess
import sys
import tempfile
import time

# Before GLib loads: libatspi's own warnings must not abort this script.
APP_G_DEBUG = os.environ.get('G_DEBUG', '')
os.environ['G_DEBUG'] = 'gc-friendly'

import gi  # noqa: E402
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

EXE, PODIR, OUTDIR = sys.argv[1:4]
TIMEOUT = 30.0
UNIT_NAME = '南明区人民政府总值班室'


T0 = time.time()


def log(*args):
    print(f'# {time.time() - T0:6.2f}s', *args, flush=True)


def walk(acc):
    yield acc
    for i in range(acc.get_child_count()):
        c = acc.get_child_at_index(i)
        if c is not None:
            yield from walk(c)


def find_all(root, role, name=None, pred=None):
    return [a for a in walk(root)
            if a.get_role_name() == role and (name is None or a.get_name() == name)
            and (pred is None or pred(a))]


def find(root, role, name=None, pred=None):
    found = find_all(root, role, name, pred)
    if not found:
        raise LookupError(f'no {role} {name or ""!r}')
    return found[0]


def wait_for(cond, what, timeout=TIMEOUT):
    end = time.time() + timeout
    while True:
        try:
            value = cond()
        except LookupError:
            value = None
        if value:
            return value
        if time.time() > end:
            raise AssertionError('timed out waiting for ' + what)
        time.sleep(0.05)


def text(acc):  # GTK 4.8 returns '' for get_text(0, -1)
    return Atspi.Text.get_text(acc, 0, Atspi.Text.get_character_count(acc))


def center(acc):  # window-relative; bare Xvfb puts the window at 0,0
    e = Atspi.Component.get_extents(acc, Atspi.CoordType.WINDOW)
    return e.x + e.width // 2, e.y + e.height // 2


def click(acc):
    x, y = center(acc)
    Atspi.generate_mouse_event(x, y, 'b1c')


def key_combo(mask, keysym):
    Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


CONTROL_MASK, ALT_MASK = 1 << 2, 1 << 3


def run(language, shot):
    tr = gettext.translation('duty-desk', localedir=PODIR, languages=[language], fallback=True)
    _ = tr.gettext

    tmp = tempfile.mkdtemp(prefix='duty-desk-e2e-')
    db = os.path.join(tmp, 'desk.db')
    env = dict(os.environ)
    for k in ('GTK_A11Y', 'NO_AT_BRIDGE', 'DUTY_DESK_DB'):  # GTK_A11Y=none hides the app
        env.pop(k, None)
    env['G_DEBUG'] = APP_G_DEBUG  # the program under test keeps the test's fatal warnings
    env['LANGUAGE'] = language
    env['DUTY_DESK_LOCALEDIR'] = PODIR
    log(f'[{language}] starting {EXE} --db {db}')
    proc = subprocess.Popen([EXE, '--db', db], env=env)
    try:
        app = None
        end = time.time() + TIMEOUT
        while app is None and time.time() < end:
            if proc.poll() is not None:
                raise AssertionError(f'duty-desk exited with {proc.returncode}')
            desk = Atspi.get_desktop(0)
            for i in range(desk.get_child_count()):
                a = desk.get_child_at_index(i)
                if a is not None and a.get_process_id() == proc.pid and a.get_child_count() > 0:
                    app = a
            time.sleep(0.05)
        assert app, 'duty-desk did not show up on the AT-SPI bus'
        win = wait_for(lambda: find(app, 'frame'), 'the window')

        # 1. The setup page of a fresh desk: search with real keystrokes.
        search = wait_for(lambda: find(win, 'entry', _('Search divisions')), 'the division search')
        click(search)
        wait_for(lambda: search.get_state_set().contains(Atspi.StateType.FOCUSED), 'search focus')
        Atspi.generate_keyboard_event(0, '520102', Atspi.KeySynthType.STRING)
        divisions = find(win, 'list', _('Divisions'))

        def one_match():
            names = [a.get_name() for a in find_all(divisions, 'label')]
            return '南明区' in names and '贵阳市' not in names
        wait_for(one_match, 'the search to leave 南明区')

        # 2. Choose the division with the mouse.
        click(find(divisions, 'label', '南明区'))
        code_row = find(win, 'label', _('Unit code')).get_parent()
        wait_for(lambda: find(code_row, 'label', '520102'), 'the unit code 520102')

        # 3. The unit name: Chinese text goes in through EditableText.
        name = find(win, 'text', _('Unit name'))
        wait_for(lambda: text(name) == '南明区', 'the default unit name')
        Atspi.EditableText.set_text_contents(name, UNIT_NAME)
        wait_for(lambda: text(name) == UNIT_NAME, 'the unit name')
        subprocess.run(['import', '-window', 'root', shot.replace('today', 'setup')], check=True)

        # 4. Start.
        start = find(win, 'label', _('_Start').replace('_', ''),
                     pred=lambda a: a.get_parent().get_role_name() == 'push button').get_parent()
        assert start.get_state_set().contains(Atspi.StateType.SENSITIVE), 'Start is not sensitive'
        assert Atspi.Action.do_action(start, 0)

        # 5. Today shows the unit and the sync state.
        wait_for(lambda: find(win, 'label', UNIT_NAME), 'the unit name on Today')
        wait_for(lambda: find(win, 'label', _('Never synchronized')), '"Never synchronized"')
        detail = wait_for(lambda: find(win, 'label', pred=lambda a: a.get_name().startswith('520102 ')),
                          'the unit code and level')
        log(f'[{language}] Today: {UNIT_NAME} | {detail.get_name()}')
        # Let the toast and transitions settle before the picture.
        time.sleep(0.8)
        subprocess.run(['import', '-window', 'root', shot], check=True)
        log(f'[{language}] screenshot {shot}')

        # 6. Alt+3 shows the Roster placeholder; the content title follows.
        title = find(win, 'label', _('Today'),
                     pred=lambda a: a.get_parent().get_parent().get_name() == 'AdwWindowTitle')
        key_combo(ALT_MASK, ord('3'))
        wait_for(lambda: title.get_name() == _('Roster'), 'the Roster section after Alt+3')
        find(win, 'label', _('_Today').replace('_', ''))
        sections = find(win, 'list', _('Sections'))
        selected = [a for a in find_all(sections, 'list item')
                    if a.get_state_set().contains(Atspi.StateType.SELECTED)]
        assert [find(s, 'label').get_name() for s in selected] == [_('Roster')], 'sidebar selection'

        # 7. Ctrl+Q quits.
        key_combo(CONTROL_MASK, ord('q'))
        proc.wait(TIMEOUT)
        assert proc.returncode == 0, f'duty-desk exited with {proc.returncode}'
        log(f'[{language}] PASS')
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(5)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if not os.environ.get('DISPLAY'):
        print('Bail out! no DISPLAY: run under xvfb-run', flush=True)
        return 1
    if not shutil.which('import'):
        print('Bail out! ImageMagick import is missing', flush=True)
        return 1
    run('en', os.path.join(OUTDIR, 'duty-desk-today.png'))
    run('zh_CN', os.path.join(OUTDIR, 'duty-desk-today-zh_CN.png'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
