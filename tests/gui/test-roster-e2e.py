#!/usr/bin/python3
# test-roster-e2e.py
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: the Roster section of the built duty-desk, on a database
prepared with the built dutyctl (init, staff import, roster generate for the
current month), driven through AT-SPI with the keyboard as a person would:
Alt+3, Today, an arrow key, Enter opens the day, a person is taken off a
shift, and the month grid and the problem count show the uncovered shift.

Usage: test-roster-e2e.py DUTY_DESK DUTYCTL PO_BUILD_DIR OUT_DIR
Writes OUT_DIR/duty-desk-roster.png and OUT_DIR/duty-desk-roster-zh_CN.png.
Runs under xvfb-run + dbus-run-session; fails (never skips) without them.
"""
import calendar
import datetime
import gettext
import os
import shutil
import subprocess
import sys
import tempfile
import time

APP_G_DEBUG = os.environ.get('G_DEBUG', '')
os.environ['G_DEBUG'] = 'gc-friendly'

import gi  # noqa: E402
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

EXE, DUTYCTL, PODIR, OUTDIR = sys.argv[1:5]
TIMEOUT = 30.0
STAFF = '''name,role,phone,unit
王建国,leader,13800000001,值班室
刘志强,leader,13800000002,值班室
陈红梅,leader,13800000003,值班室
李明,officer,13900000001,值班室
张伟,officer,13900000002,值班室
赵丽,officer,13900000003,值班室
孙磊,officer,13900000004,值班室
周红,officer,13900000005,值班室
吴昊,officer,13900000006,值班室
'''
T0 = time.time()
CONTROL_MASK, ALT_MASK = 1 << 2, 1 << 3
XK_LEFT, XK_RIGHT, XK_RETURN, XK_ESCAPE = 0xff51, 0xff53, 0xff0d, 0xff1b


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
        except (LookupError, gi.repository.GLib.Error):
            value = None
        if value:
            return value
        if time.time() > end:
            raise AssertionError('timed out waiting for ' + what)
        time.sleep(0.05)


def key(keysym, mask=0):
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


def focused(acc):
    return acc.get_state_set().contains(Atspi.StateType.FOCUSED)


def beijing_today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def prepare(db):
    today = beijing_today()
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    csv = os.path.join(os.path.dirname(db), 'staff.csv')
    with open(csv, 'w', encoding='utf-8') as f:
        f.write(STAFF)
    for args in (['init', '--unit-code', '520102', '--unit-name', '南明区人民政府总值班室'],
                 ['staff', 'import', csv],
                 ['roster', 'generate', '--from', first.isoformat(), '--to', last.isoformat(),
                  '--seed', '1']):
        subprocess.run([DUTYCTL, '--db', db] + args, check=True, stdout=subprocess.DEVNULL)
    return today


def run(language, shot):
    tr = gettext.translation('duty-desk', localedir=PODIR, languages=[language], fallback=True)
    _ = tr.gettext
    ngettext = tr.ngettext

    tmp = tempfile.mkdtemp(prefix='duty-desk-roster-e2e-')
    db = os.path.join(tmp, 'desk.db')
    today = prepare(db)
    env = dict(os.environ)
    for k in ('GTK_A11Y', 'NO_AT_BRIDGE', 'DUTY_DESK_DB'):
        env.pop(k, None)
    env['G_DEBUG'] = APP_G_DEBUG
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
        wait_for(lambda: find(win, 'list', _('Sections')), 'the main view')

        # 1. Alt+3: the Roster section with this month's generated roster.
        key(ord('3'), ALT_MASK)
        title = wait_for(lambda: find(win, 'label', _('Roster'),
                                      pred=lambda a: a.get_parent().get_parent().get_name() == 'AdwWindowTitle'),
                         'the Roster section after Alt+3')
        grid = wait_for(lambda: find(win, 'table'), 'the month grid')
        one_problem = ngettext('%u Problem', '%u Problems', 1) % 1
        no_problems = _('No Problems')
        wait_for(lambda: find(win, 'label', no_problems), 'the check of a fully generated month')
        log(f'[{language}] Roster shown: {title.get_name()}')

        # 2. Today (its button's action), then the keyboard: an arrow and Enter.
        today_button = find(win, 'label', _('_Today').replace('_', ''),
                            pred=lambda a: a.get_parent().get_role_name() == 'push button').get_parent()
        assert Atspi.Action.do_action(today_button, 0)
        today_cell = wait_for(lambda: find(grid, 'push button', pred=focused), "today's cell focused")
        log(f'[{language}] focused: {today_cell.get_name()}')
        if today.day > 1:
            key(XK_LEFT)
            day = today - datetime.timedelta(days=1)
        else:
            key(XK_RIGHT)
            day = today + datetime.timedelta(days=1)
        cell = wait_for(lambda: find(grid, 'push button',
                                     pred=lambda a: focused(a) and a.get_name() != today_cell.get_name()),
                        'the next cell focused')
        log(f'[{language}] moved to: {cell.get_name()}')
        key(XK_RETURN)

        # 3. The day editor: take the first person off their shift.
        editor = wait_for(lambda: [f for f in find_all(app, 'frame') if f.get_name() != win.get_name()][0],
                          'the day editor')
        remove_prefix = _('Remove %s from this shift').split('%s')[0]
        remove_suffix = _('Remove %s from this shift').split('%s')[1]
        remove = wait_for(lambda: find(editor, 'push button',
                                       pred=lambda a: a.get_name().startswith(remove_prefix)
                                       and a.get_name().endswith(remove_suffix)),
                          'a remove button')
        removed = remove.get_name()[len(remove_prefix):len(remove.get_name()) - len(remove_suffix)]
        log(f'[{language}] removing {removed} on {day}')
        assert Atspi.Action.do_action(remove, 0)

        # 4. The grid shows the uncovered position and the check counts it.
        uncovered = ngettext('%u position uncovered', '%u positions uncovered', 1) % 1
        wait_for(lambda: find(grid, 'push button', pred=lambda a: uncovered in a.get_name()),
                 'the uncovered day in the grid')
        cell = find(grid, 'push button', pred=lambda a: uncovered in a.get_name())
        assert removed not in cell.get_name(), f'{removed} still on {cell.get_name()}'
        wait_for(lambda: find(win, 'label', one_problem), 'one problem in the header')
        wait_for(lambda: find(editor, 'label', _('Empty position')), 'the empty position in the editor')
        badge = ngettext('%u uncovered', '%u uncovered', 1) % 1
        find(cell, 'label', badge)
        log(f'[{language}] grid: {cell.get_name()}')
        time.sleep(0.5)
        subprocess.run(['import', '-window', 'root', shot.replace('.png', '-editor.png')], check=True)

        # 5. Escape closes the editor; the picture of the month.
        # (The editor must have the keyboard: press again if the first
        # Escape reached the window before the editor was active.)
        for attempt in range(3):
            key(XK_ESCAPE)
            try:
                wait_for(lambda: len(find_all(app, 'frame')) == 1, 'the editor to close', timeout=5)
                break
            except AssertionError:
                if attempt == 2:
                    raise
        time.sleep(0.8)
        subprocess.run(['import', '-window', 'root', shot], check=True)
        log(f'[{language}] screenshot {shot}')

        # 6. The Checks section lists the uncovered shift (if it is there).
        key(ord('5'), ALT_MASK)
        wait_for(lambda: title.get_name() == _('Checks'), 'the Checks section after Alt+5')

        key(ord('q'), CONTROL_MASK)
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
    run('en', os.path.join(OUTDIR, 'duty-desk-roster.png'))
    run('zh_CN', os.path.join(OUTDIR, 'duty-desk-roster-zh_CN.png'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
