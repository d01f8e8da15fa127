#!/usr/bin/python3
# test-directory-e2e.py
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: the Directory section of the built duty-desk, driven through
AT-SPI as a person would, in English and in Chinese.

Usage: test-directory-e2e.py DUTY_DESK DUTYCTL PO_BUILD_DIR OUT_DIR
The database is prepared with the built `dutyctl init` and
`dutyctl directory import`; a change request of 云岩区 about one of the
desk's teams is put in as a pull would. Writes OUT_DIR/duty-desk-directory.png,
OUT_DIR/duty-desk-directory-zh_CN.png and the same with -requests for the
change requests window. Runs under xvfb-run +
dbus-run-session; fails (never skips) without them.
"""
import datetime
import gettext
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

# Before GLib loads: libatspi's own warnings must not abort this script.
APP_G_DEBUG = os.environ.get('G_DEBUG', '')
os.environ['G_DEBUG'] = 'gc-friendly'

import gi  # noqa: E402
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402

EXE, DUTYCTL, PODIR, OUTDIR = sys.argv[1:5]
TIMEOUT = 30.0

FILES = {
    'contacts': '''unit,division,name,post,office_phone,mobile,duty_phone,fax,note
南明区应急管理局,520102,,,,,0851-85551234,0851-85551235,
南明区应急管理局,520102,张建国,局长,0851-85551200,13908510001,,,
南明区应急管理局,520102,李晓红,副局长,0851-85551201,13908510002,,,分管安全生产
云岩区应急管理局,520103,王志强,局长,0851-86661200,13908520001,,,
云岩区应急管理局,520103,,,,,0851-86661234,,
''',
    # Chinese headers, as a user would write them.
    'teams': '''队伍名称,类别,专业,登记编号,所属单位,行政区划,地址,纬度,经度,人数,装备,联系人,联系电话
贵阳市矿山救护队,专业,矿山救护,GZ-KS-001,520100,520100,贵阳市南明区花果园,26.56,106.70,45,正压氧气呼吸器,陈刚,0851-85550119
南明区综合应急救援大队,综合,,,520102,520102,南明区青山路12号,,,60,,刘勇,0851-85557788
''',
    'experts': '''name,fields,unit,title,phone,mobile,division
赵明,危化品;消防,贵州大学,教授,0851-83620000,13985000001,520102
''',
    'plans': '''title,level,subtypes,owner_unit,version,date,file
南明区突发地质灾害应急预案,county,natural.geological,520102,2024版,2024-05-01,
''',
}

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
    # The window holds thousands of nodes: stop at the first match, and
    # search within a section's subtree where possible.
    for a in walk(root):
        if a.get_role_name() == role and (name is None or a.get_name() == name) \
                and (pred is None or pred(a)):
            return a
    raise LookupError(f'no {role} {name or ""!r}')


def wait_for(cond, what, timeout=TIMEOUT):
    end = time.time() + timeout
    while True:
        try:
            value = cond()
        except LookupError:
            value = None
        except GLib.Error:  # a row went away while we walked: look again
            value = None
        if value:
            return value
        if time.time() > end:
            raise AssertionError('timed out waiting for ' + what)
        time.sleep(0.05)


def named(name):
    # GTK 4.8 names a button by its label and then its description
    # (the tooltip): "Copy 139… 139…".
    return lambda a: a.get_name() == name or a.get_name().startswith(name + ' ')


def text(acc):  # GTK 4.8 returns '' for get_text(0, -1)
    return Atspi.Text.get_text(acc, 0, Atspi.Text.get_character_count(acc))


def center(acc):  # window-relative; bare Xvfb puts the window at 0,0
    e = Atspi.Component.get_extents(acc, Atspi.CoordType.WINDOW)
    return e.x + e.width // 2, e.y + e.height // 2


def click(acc):
    x, y = center(acc)
    Atspi.generate_mouse_event(x, y, 'b1c')


def key(keysym):
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)


def key_combo(mask, keysym):
    Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


CONTROL_MASK, ALT_MASK = 1 << 2, 1 << 3
XK_DOWN, XK_RETURN = 0xff54, 0xff0d


def dutyctl(db, *args):
    subprocess.run([DUTYCTL, '--db', db, *args], check=True, stdout=subprocess.DEVNULL)


def prepare(tmp):
    db = os.path.join(tmp, 'desk.db')
    dutyctl(db, 'init', '--unit-code', '520102', '--unit-name', '南明区应急管理局值班室')
    for kind, content in FILES.items():
        path = os.path.join(tmp, kind + '.csv')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(content)
        dutyctl(db, 'directory', 'import', '--kind', kind, path)
    today = (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date().isoformat()
    dutyctl(db, 'directory', 'whereabouts', 'add', '--person', '张建国', '--post', '局长',
            '--unit', '520102', '--from', today, '--to', today, '--status', 'travelling',
            '--place', '北京', '--stand-in', '李晓红', '--stand-in-phone', '13908510002')
    return db


def team_id(db, name):
    found = subprocess.run([DUTYCTL, '--db', db, 'directory', 'search', name, '--kind', 'teams', '--json'],
                           check=True, capture_output=True).stdout
    return json.loads(found)['results'][0]['id']


def pull_request(db, entry_id):
    """What a pull stores of a change request of 云岩区 (520103) to this desk."""
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO dir_request (id, kind, entry_id, entry_name, action, changes, note,"
                     " publisher, requester, requested_by, requested_at, hlc, created_at)"
                     " VALUES ('01a22c00-0000-7000-8000-0000000000e2', 'team', ?, '南明区综合应急救援大队',"
                     " 'change', '[[\"phone\",\"0851-85557788\",\"0851-85559999\"]]', '值班电话已更换',"
                     " '520102', '520103', '周平', 1796000000000, 1, 1796000000000)", (entry_id,))


def result_names(results):
    return [a.get_name() for a in find_all(results, 'label', pred=lambda a: a.get_name())]


def run(language, shot):
    tr = gettext.translation('duty-desk', localedir=PODIR, languages=[language], fallback=True)
    _ = tr.gettext
    # GTK's own words (a window's close button), from the system's catalog
    gtk_ = gettext.translation('gtk40', localedir='/usr/share/locale', languages=[language], fallback=True).gettext

    tmp = tempfile.mkdtemp(prefix='duty-desk-dir-e2e-')
    db = prepare(tmp)
    pull_request(db, team_id(db, '南明区综合应急救援大队'))
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

        # 1. Today: the leaders' whereabouts, with the stand-in.
        today = wait_for(lambda: find(win, 'filler', 'DdTodayPage'), 'the Today page')
        leaders = wait_for(lambda: find(today, 'list', _('Leaders’ whereabouts')), 'the leaders')
        wait_for(lambda: find(leaders, 'label', '张建国'), 'the leader on Today')
        wait_for(lambda: find(leaders, 'label', pred=lambda a: '李晓红' in a.get_name()
                              and '13908510002' in a.get_name()), 'the stand-in on Today')
        log(f'[{language}] Today shows the whereabouts')

        # 2. Alt+4: the Directory; Ctrl+F puts the focus in its search.
        title = find(win, 'label', _('Today'),
                     pred=lambda a: a.get_parent().get_parent().get_name() == 'AdwWindowTitle')
        key_combo(ALT_MASK, ord('4'))
        wait_for(lambda: title.get_name() == _('Directory'), 'the Directory after Alt+4')
        page = find(win, 'filler', 'DdDirectoryPage')
        search = wait_for(lambda: find(page, 'entry', _('Search the directory')), 'the directory search')
        results = find(page, 'list', _('Directory entries'))
        wait_for(lambda: '王志强' in result_names(results), 'every entry listed')
        key_combo(CONTROL_MASK, ord('f'))
        wait_for(lambda: search.get_state_set().contains(Atspi.StateType.FOCUSED), 'search focus after Ctrl+F')

        # 3. A phone fragment typed with real keys: only the Nanming entries.
        Atspi.generate_keyboard_event(0, '8555120', Atspi.KeySynthType.STRING)
        wait_for(lambda: text(search) == '8555120', 'the typed search')

        def nanming_only():
            names = result_names(results)
            return '张建国' in names and '李晓红' in names and '王志强' not in names
        wait_for(nanming_only, 'the phone search to leave the Nanming people')

        # 4. Select 张建国 with the mouse: the details and every phone.
        click(wait_for(lambda: find(results, 'label', '张建国'), 'the 张建国 row'))
        copy = wait_for(lambda: find(page, 'push button', pred=named(_('Copy %s') % '13908510001')),
                        'the copy button of the mobile')
        assert Atspi.Action.do_action(copy, 0)
        wait_for(lambda: find(page, 'label', _('Copied %s') % '13908510001'), 'the toast of the copy')
        log(f'[{language}] copied 13908510001')
        time.sleep(0.6)  # transitions settle before the picture
        subprocess.run(['import', '-window', 'root', shot], check=True)
        log(f'[{language}] screenshot {shot}')

        # 5. A Chinese query through EditableText; Down, Return, the copy.
        Atspi.EditableText.set_text_contents(search, '矿山救护')
        wait_for(lambda: result_names(results)[:1] == ['贵阳市矿山救护队']
                 and '张建国' not in result_names(results), 'the Chinese search')
        key_combo(CONTROL_MASK, ord('f'))
        wait_for(lambda: search.get_state_set().contains(Atspi.StateType.FOCUSED), 'search focus')
        # Down moves into the results; Ctrl+C copies the selected entry's phone.
        key(XK_DOWN)
        key_combo(CONTROL_MASK, ord('c'))
        wait_for(lambda: find(page, 'label', _('Copied %s') % '0851-85550119'), 'the toast of Ctrl+C')
        log(f'[{language}] Ctrl+C copied 0851-85550119')
        # Return opens the details, with every number of the team.
        key(XK_RETURN)
        wait_for(lambda: find(page, 'push button', pred=named(_('Copy %s') % '0851-85550119')),
                 'the copy button of the team')
        wait_for(lambda: find(page, 'label', 'GZ-KS-001'), 'the registration number of the team')

        # 6. Alt+R: the change requests; 云岩区's waits for this desk.
        key_combo(ALT_MASK, ord('r'))
        requests = wait_for(lambda: find(app, 'frame', _('Change Requests')), 'the change requests window')
        accept = wait_for(lambda: find(requests, 'push button', pred=named(_('_Accept'))),
                          'the Accept button')
        wait_for(lambda: find(requests, 'label', pred=lambda a: '0851-85559999' in a.get_name()),
                 'the phone asked for, side by side')
        time.sleep(0.6)
        subprocess.run(['import', '-window', 'root', shot.replace('.png', '-requests.png')], check=True)
        assert Atspi.Action.do_action(accept, 0)
        wait_for(lambda: find(requests, 'label', _('Accepted: the entry is changed')), 'the toast of the answer')
        wait_for(lambda: not find_all(requests, 'push button', pred=named(_('_Accept'))),
                 'no request left to answer')
        found = subprocess.run([DUTYCTL, '--db', db, 'directory', 'search', '0851-85559999', '--json'],
                               check=True, capture_output=True).stdout
        assert [r['name'] for r in json.loads(found)['results']] == ['南明区综合应急救援大队'], found
        log(f'[{language}] accepted the change request')
        # Closed with the mouse (with GTK's close button); the
        # tree is not walked while the window goes: GTK 4.8's AT-SPI bridge
        # does not like being asked about a window being destroyed.
        close = find(requests, 'push button', pred=lambda a: a.get_name().startswith(gtk_('Close')))
        click(close)

        # 7. Closing the main window quits (without a window manager the
        # keyboard does not come back to it once a second window closed).
        close = find(win, 'push button', pred=lambda a: a.get_name().startswith(gtk_('Close')))
        click(close)
        proc.wait(TIMEOUT)
        assert proc.returncode == 0, f'duty-desk exited with {proc.returncode}'
        log(f'[{language}] PASS')
    except Exception:
        try:
            log('buttons:', [a.get_name() for a in find_all(page, 'push button')][:60])
        except Exception:
            pass
        # What the window showed when it went wrong.
        subprocess.run(['import', '-window', 'root', shot.replace('.png', '-failed.png')])
        raise
    finally:
        if proc.poll() is not None and proc.returncode != 0:
            log(f'[{language}] duty-desk exited with {proc.returncode}')
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
    run('en', os.path.join(OUTDIR, 'duty-desk-directory.png'))
    run('zh_CN', os.path.join(OUTDIR, 'duty-desk-directory-zh_CN.png'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
