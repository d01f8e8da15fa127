#!/usr/bin/python3
# test-duty-log-e2e.py
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: the Duty Log section of the built duty-desk, on a database
made by the built dutyctl, driven through AT-SPI with the keyboard only:
Alt+7 opens the Duty Log, the entry's mnemonic (Alt+N) puts the focus in
the new log entry, a line is typed and Enter adds it; the list shows it
first.

Usage: test-duty-log-e2e.py DUTY_DESK DUTYCTL PO_BUILD_DIR OUT_DIR
Writes OUT_DIR/duty-desk-duty-log-e2e.png and …-zh_CN.png.
Runs under xvfb-run + dbus-run-session; fails (never skips) without them.
"""
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

from e2e_common import TIMEOUT, find, find_app, focused, key, log, wait_for  # noqa: E402

EXE, DUTYCTL, PODIR, OUTDIR = sys.argv[1:5]
CONTROL_MASK, ALT_MASK = 1 << 2, 1 << 3
XK_RETURN = 0xff0d


def mnemonic(label):
    """The letter after the underscore of a translated mnemonic label."""
    i = label.index('_')
    return label[i + 1].lower()


def run(language, shot):
    tr = gettext.translation('duty-desk', localedir=PODIR, languages=[language], fallback=True)
    _ = tr.gettext

    tmp = tempfile.mkdtemp(prefix='duty-desk-duty-log-e2e-')
    db = os.path.join(tmp, 'desk.db')
    subprocess.run([DUTYCTL, '--db', db, 'init', '--unit-code', '520102',
                    '--unit-name', '南明区人民政府总值班室'], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ)
    for k in ('GTK_A11Y', 'NO_AT_BRIDGE', 'DUTY_DESK_DB'):
        env.pop(k, None)
    env['G_DEBUG'] = APP_G_DEBUG
    env['LANGUAGE'] = language
    env['DUTY_DESK_LOCALEDIR'] = PODIR
    log(f'[{language}] starting {EXE} --db {db}')
    proc = subprocess.Popen([EXE, '--db', db], env=env)
    try:
        app = find_app(proc)
        win = wait_for(lambda: find(app, 'frame'), 'the window')
        wait_for(lambda: find(win, 'list', _('Sections')), 'the main view')

        # 1. Alt+7: the Duty Log section.
        key(ord('7'), ALT_MASK)
        title = wait_for(lambda: find(win, 'label', _('Duty Log'),
                                      pred=lambda a: a.get_parent().get_parent().get_name() == 'AdwWindowTitle'),
                         'the Duty Log section after Alt+7')
        wait_for(lambda: find(win, 'label', _('Nothing logged in this duty day yet.')), 'the empty log')
        log(f'[{language}] section: {title.get_name()}')

        # 2. The entry's mnemonic puts the focus in it.
        letter = mnemonic(_('_New log entry'))
        # (GTK 4.8 names it twice: by its mnemonic label and its own label.)
        entry = wait_for(lambda: find(win, 'text', pred=lambda a: a.get_name().startswith(_('New log entry'))),
                         'the new log entry')
        for attempt in range(3):
            key(ord(letter), ALT_MASK)
            try:
                wait_for(lambda: focused(entry), 'the focus in the new log entry', timeout=5)
                break
            except AssertionError:
                if attempt == 2:
                    raise

        # 3. Type a line and press Enter: the list shows it first.
        text = 'Radio check with the county desks, all answered'
        Atspi.generate_keyboard_event(0, text, Atspi.KeySynthType.STRING)
        wait_for(lambda: entry.get_text(0, entry.get_character_count()) == text, 'the typed text')
        key(XK_RETURN)
        log_list = wait_for(lambda: find(win, 'list', _('Log entries, newest first')), 'the log list')
        wait_for(lambda: find(log_list, 'label', text), 'the entry in the list')
        wait_for(lambda: entry.get_character_count() == 0, 'the entry emptied for the next line')
        log(f'[{language}] logged: {text}')

        time.sleep(0.5)
        subprocess.run(['import', '-window', 'root', shot], check=True)
        log(f'[{language}] screenshot {shot}')

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
    run('en', os.path.join(OUTDIR, 'duty-desk-duty-log-e2e.png'))
    run('zh_CN', os.path.join(OUTDIR, 'duty-desk-duty-log-e2e-zh_CN.png'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
