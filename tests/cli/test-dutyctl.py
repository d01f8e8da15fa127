#!/usr/bin/python3
# test-dutyctl.py: dutyctl as an administrator uses it, on fresh folders.
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run by meson:
#   test-dutyctl.py --dutyctl PATH --source-root DIR --build-root DIR [unittest args…]
# e.g. one class: … DemoTests, or one test: … StaffTests.test_import_gb18030

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

DUTYCTL = None
SOURCE_ROOT = None
BUILD_ROOT = None

UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')
DESK_KEYS = {'unit_code', 'unit_name', 'level', 'regime', 'client_epoch', 'schema_version'}
STAFF_KEYS = {'id', 'name', 'roles', 'phone', 'unit', 'active'}


def snapshot(folder):
    """Every file of @folder with its bytes: to prove nothing was written."""
    result = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, 'rb') as f:
                result[os.path.relpath(path, folder)] = f.read()
    return result


class DutyctlTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='dutyctl-test-')
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.db = os.path.join(self.tmp, 'desk.db')

    def env(self, **extra):
        env = dict(os.environ)
        env['LC_ALL'] = 'C.UTF-8'
        env.pop('LANGUAGE', None)
        # Never the real desk, whatever the test forgets.
        env['DUTY_DESK_DB'] = os.path.join(self.tmp, 'never-used-by-default.db')
        env['XDG_DATA_HOME'] = os.path.join(self.tmp, 'xdg-data')
        for key, value in extra.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def run_dutyctl(self, *args, db=True, env=None, timeout=300):
        """Runs dutyctl [--db self.db] ARGS; arguments may be str or bytes."""
        argv = [DUTYCTL]
        if db is True:
            argv += ['--db', self.db]
        elif db:
            argv += ['--db', db]
        argv += list(args)
        return subprocess.run(argv, capture_output=True, env=env if env is not None else self.env(),
                              timeout=timeout)

    def ok(self, *args, **kwargs):
        res = self.run_dutyctl(*args, **kwargs)
        self.assertEqual(res.returncode, 0,
                         'dutyctl %r failed: %s' % (args, res.stderr.decode(errors='replace')))
        return res

    def json(self, *args, **kwargs):
        """Runs a command with --json; its stdout must be exactly one JSON value."""
        res = self.ok(*args, '--json', **kwargs)
        return json.loads(res.stdout.decode('utf-8'))

    def fails(self, status, *args, **kwargs):
        """Runs a command that must fail with @status and one error line."""
        res = self.run_dutyctl(*args, **kwargs)
        self.assertEqual(res.returncode, status,
                         'dutyctl %r: expected exit %d, got %d; stderr: %s'
                         % (args, status, res.returncode, res.stderr.decode(errors='replace')))
        err = res.stderr.decode('utf-8')
        self.assertTrue(err.startswith('dutyctl: '), err)
        return res, err

    def assert_one_line(self, err):
        self.assertEqual(len(err.rstrip('\n').split('\n')), 1, err)

    def init(self, code='520102', *extra, db=True):
        return self.json('init', '--unit-code', code, *extra, db=db)

    def staff(self, db=True):
        return self.json('staff', 'list', db=db)['staff']


# ------------------------------------------------------------------ usage

class UsageTests(DutyctlTestCase):
    COMMANDS = [['init'], ['info'], ['staff'], ['staff', 'add'], ['staff', 'list'],
                ['staff', 'import'], ['backup'], ['restore'], ['audit'], ['audit', 'verify'],
                ['demo']]

    def test_version(self):
        res = self.ok('--version', db=False)
        self.assertRegex(res.stdout.decode(), r'^dutyctl \d+\.\d+\.\d+\n$')

    def test_help_lists_every_command(self):
        res = self.ok('--help', db=False)
        out = res.stdout.decode()
        self.assertIn('Usage', out)
        for name in ('init', 'info', 'staff', 'backup', 'restore', 'audit', 'demo'):
            self.assertRegex(out, r'\n  %s ' % name)
        self.assertEqual(self.ok('help', db=False).stdout, res.stdout)

    def test_help_for_each_command(self):
        for command in self.COMMANDS:
            with self.subTest(command=command):
                res = self.ok(*command, '--help')
                out = res.stdout.decode()
                self.assertIn('Usage', out)
                self.assertIn('dutyctl', out)
                self.assertIn(command[-1], out)
                self.assertFalse(os.path.exists(self.db), 'help created the database')

    def test_help_shows_command_options(self):
        out = self.ok('init', '--help').stdout.decode()
        for option in ('--unit-code', '--unit-name', '--regime', '--force', '--json', '--db'):
            self.assertIn(option, out)
        out = self.ok('staff', 'add', '--help').stdout.decode()
        for option in ('--name', '--role', '--phone', '--unit', '--json'):
            self.assertIn(option, out)
        out = self.ok('demo', '--help').stdout.decode()
        for option in ('--size', '--seed'):
            self.assertIn(option, out)

    def test_no_command_is_usage_error(self):
        res, err = self.fails(2)
        self.assert_one_line(err)
        self.assertEqual(res.stdout, b'')
        self.assertFalse(os.path.exists(self.db))

    def test_unknown_command_writes_nothing(self):
        res, err = self.fails(2, 'frobnicate')
        self.assertIn('frobnicate', err)
        self.assert_one_line(err)
        self.assertEqual(res.stdout, b'')
        self.assertFalse(os.path.exists(self.db))
        self.assertEqual(os.listdir(self.tmp), [])

    def test_unknown_options_are_usage_errors(self):
        for args in (['--frobnicate', 'info'], ['info', '--frobnicate'], ['staff', 'list', '-x'],
                     ['staff', 'fire'], ['audit', 'repair'], ['info', 'extra'],
                     ['init', '--unit-code']):
            with self.subTest(args=args):
                res, err = self.fails(2, *args)
                self.assert_one_line(err)
                self.assertEqual(res.stdout, b'')
                self.assertFalse(os.path.exists(self.db))

    def test_invalid_commands_leave_existing_database_unchanged(self):
        self.init()
        self.json('staff', 'add', '--name', '张三', '--role', 'leader')
        before = snapshot(self.tmp)
        invalid = [
            ['frobnicate'],
            ['init', '--unit-code', '999999', '--force'],
            ['init', '--unit-code', '520102', '--regime', '9x9', '--force'],
            ['init', '--unit-code', '520102', '--unit-name', '  ', '--force'],
            ['staff', 'add', '--name', '李四', '--role', 'chef'],
            ['staff', 'add', '--role', 'leader'],
            ['staff', 'add', '--name', '李四'],
            ['staff', 'add', '--name', '李四', '--role', 'officer', '--phone', 'call me'],
            ['staff', 'add', '--name', '', '--role', 'officer'],
            ['staff', 'add', '--name', b'\xff\xfe bad', '--role', 'officer'],
            ['staff', 'import'],
            ['backup'],
            ['restore'],
            ['demo', '--size', 'huge'],
            ['info', '--json', 'extra'],
        ]
        for args in invalid:
            with self.subTest(args=args):
                res, err = self.fails(2, *args)
                self.assert_one_line(err)
                self.assertEqual(res.stdout, b'')
                self.assertEqual(snapshot(self.tmp), before)

    def test_commands_that_need_a_desk_do_not_create_the_database(self):
        for args in (['info'], ['staff', 'list'], ['staff', 'add', '--name', '张三', '--role', 'leader'],
                     ['audit', 'verify'], ['backup', os.path.join(self.tmp, 'b.db')]):
            with self.subTest(args=args):
                res, err = self.fails(1, *args)
                self.assertIn('dutyctl init', err)
                self.assert_one_line(err)
                self.assertEqual(os.listdir(self.tmp), [])

    def test_db_option_after_the_command(self):
        desk = self.json('init', '--unit-code', '520102', '--db', self.db, db=False)
        self.assertEqual(desk['unit_code'], '520102')
        self.assertEqual(self.json('info', '--db', self.db, db=False), desk)
        self.assertEqual(self.json('info')['unit_code'], '520102')

    def test_db_from_environment(self):
        path = os.path.join(self.tmp, 'from-env', 'desk.db')
        env = self.env(DUTY_DESK_DB=path)
        self.json('init', '--unit-code', '520100', db=False, env=env)
        self.assertTrue(os.path.exists(path))
        self.assertEqual(self.json('info', db=False, env=env)['unit_code'], '520100')
        # --db wins over the environment.
        other = os.path.join(self.tmp, 'other.db')
        self.json('init', '--unit-code', '520000', db=other, env=env)
        self.assertEqual(self.json('info', db=other, env=env)['unit_code'], '520000')
        self.assertEqual(self.json('info', db=False, env=env)['unit_code'], '520100')

    def test_default_database_under_xdg_data_home(self):
        env = self.env(DUTY_DESK_DB=None)
        self.json('init', '--unit-code', '520102', db=False, env=env)
        self.assertTrue(os.path.exists(os.path.join(self.tmp, 'xdg-data', 'duty-desk', 'desk.db')))

    def test_json_is_one_value_on_stdout_for_every_reporting_command(self):
        # json() parses stdout whole: trailing text would fail.
        self.init()
        self.json('info')
        self.json('staff', 'add', '--name', '张三', '--role', 'both')
        self.json('staff', 'list')
        self.json('audit', 'verify')
        self.json('backup', os.path.join(self.tmp, 'b.db'))
        self.json('restore', os.path.join(self.tmp, 'b.db'))
        self.json('demo', db=os.path.join(self.tmp, 'demo.db'))


# ------------------------------------------------------------------ desk

class DeskTests(DutyctlTestCase):
    def test_init_and_info_json(self):
        desk = self.init('520102')
        self.assertEqual(set(desk), DESK_KEYS)
        self.assertEqual(desk['unit_code'], '520102')
        self.assertEqual(desk['unit_name'], '南明区')
        self.assertEqual(desk['level'], 'county')
        self.assertEqual(desk['regime'], '7x24')
        self.assertIsInstance(desk['schema_version'], int)
        self.assertGreaterEqual(desk['schema_version'], 1)
        self.assertTrue(desk['client_epoch'])
        info = self.json('info')
        self.assertEqual(info, desk)

    def test_init_department_with_name_and_regime(self):
        desk = self.init('520102-yjj', '--unit-name', '南明区应急管理局', '--regime', '5x8')
        self.assertEqual(desk['unit_code'], '520102-yjj')
        self.assertEqual(desk['unit_name'], '南明区应急管理局')
        self.assertEqual(desk['level'], 'department')
        self.assertEqual(desk['regime'], '5x8')

    def test_init_levels(self):
        self.assertEqual(self.init('520000', db=os.path.join(self.tmp, 'p.db'))['level'], 'province')
        self.assertEqual(self.init('520100', db=os.path.join(self.tmp, 'c.db'))['level'], 'prefecture')

    def test_init_human_output(self):
        out = self.ok('init', '--unit-code', '520102').stdout.decode()
        self.assertIn('520102', out)
        self.assertIn('南明区', out)

    def test_info_human_output(self):
        desk = self.init('520102')
        out = self.ok('info').stdout.decode()
        for value in ('520102', '南明区', '7x24', desk['client_epoch'], self.db):
            self.assertIn(value, out)
        self.assertRaises(ValueError, json.loads, out)

    def test_init_unknown_code_refused(self):
        for code in ('999999', '5201', '520102-', '520102-YJJ', '520102-toolongsuffixxxxxxxxxx', 'abc'):
            with self.subTest(code=code):
                res, err = self.fails(2, 'init', '--unit-code', code)
                self.assert_one_line(err)
                self.assertEqual(res.stdout, b'')
                self.assertFalse(os.path.exists(self.db))

    def test_init_requires_unit_code(self):
        res, err = self.fails(2, 'init')
        self.assertIn('--unit-code', err)
        self.assertFalse(os.path.exists(self.db))

    def test_init_bad_regime(self):
        res, err = self.fails(2, 'init', '--unit-code', '520102', '--regime', 'none')
        self.assertIn('7x24', err)
        self.assertFalse(os.path.exists(self.db))

    def test_reinit_refused_force_replaces(self):
        first = self.init('520102')
        res, err = self.fails(1, 'init', '--unit-code', '520103')
        self.assertIn('--force', err)
        self.assert_one_line(err)
        self.assertEqual(self.json('info'), first)

        forced = self.init('520103', '--unit-name', '云岩区值班室', '--regime', '5x8', '--force')
        self.assertEqual(forced['unit_code'], '520103')
        self.assertEqual(forced['unit_name'], '云岩区值班室')
        self.assertEqual(forced['regime'], '5x8')
        self.assertEqual(self.json('info'), forced)

    def test_info_on_empty_file_says_run_init(self):
        open(self.db, 'wb').close()
        res, err = self.fails(1, 'info')
        self.assertIn('dutyctl init', err)
        self.assertEqual(res.stdout, b'')

    def test_not_a_database_is_runtime_failure(self):
        with open(self.db, 'w') as f:
            f.write('this is a text file, not a desk\n' * 100)
        before = snapshot(self.tmp)
        res, err = self.fails(1, 'info')
        self.assert_one_line(err)
        self.assertEqual(snapshot(self.tmp), before)


# ------------------------------------------------------------------ staff

class StaffTests(DutyctlTestCase):
    def setUp(self):
        super().setUp()
        self.init('520102')

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, 'wb') as f:
            f.write(data)
        return path

    def test_add_json(self):
        member = self.json('staff', 'add', '--name', '张三', '--role', 'both',
                           '--phone', '+86 138-0000-0000', '--unit', '应急局')
        self.assertEqual(set(member), STAFF_KEYS)
        self.assertRegex(member['id'], UUID_RE)
        self.assertEqual(member['name'], '张三')
        self.assertEqual(member['roles'], ['leader', 'officer'])
        self.assertEqual(member['phone'], '+86 138-0000-0000')
        self.assertEqual(member['unit'], '应急局')
        self.assertIs(member['active'], True)

    def test_add_roles(self):
        self.assertEqual(self.json('staff', 'add', '--name', 'A', '--role', 'leader')['roles'], ['leader'])
        self.assertEqual(self.json('staff', 'add', '--name', 'B', '--role', 'officer')['roles'], ['officer'])
        self.assertEqual(self.json('staff', 'add', '--name', 'C', '--role', '值班员')['roles'], ['officer'])

    def test_add_human_output(self):
        out = self.ok('staff', 'add', '--name', '王五', '--role', 'leader').stdout.decode()
        self.assertIn('王五', out)
        self.assertRegex(out, r'[0-9a-f]{8}-[0-9a-f]{4}-7')

    def test_list_json(self):
        self.assertEqual(self.json('staff', 'list'), {'staff': []})
        a = self.json('staff', 'add', '--name', '张三', '--role', 'leader', '--phone', '110')
        b = self.json('staff', 'add', '--name', '李四', '--role', 'officer')
        listed = self.staff()
        self.assertEqual(len(listed), 2)
        for member in listed:
            self.assertEqual(set(member), STAFF_KEYS)
        self.assertEqual(sorted(listed, key=lambda m: m['id']), sorted([a, b], key=lambda m: m['id']))

    def test_list_human_output(self):
        self.assertIn('dutyctl staff add', self.ok('staff', 'list').stdout.decode())
        self.json('staff', 'add', '--name', '张三', '--role', 'leader')
        self.assertIn('张三', self.ok('staff', 'list').stdout.decode())

    def test_add_invalid_input_is_refused(self):
        for args in (['--name', '张三', '--role', 'chef'],
                     ['--name', '张三', '--role', 'leader', '--phone', 'call me'],
                     ['--name', '', '--role', 'leader'],
                     ['--name', 'x' * 65, '--role', 'leader'],
                     ['--name', '张三', '--role', 'leader', '--unit', 'u' * 10001]):
            with self.subTest(args=args[:4]):
                res, err = self.fails(2, 'staff', 'add', *args)
                self.assert_one_line(err)
        self.assertEqual(self.staff(), [])

    def test_text_is_stored_exactly(self):
        texts = [
            ('O\'Brien "the boss"', 'unit with \'quotes\' and "double quotes"'),
            ("'; DROP TABLE staff; --", "Robert'); DROP TABLE audit;--"),
            ('值班员 🚒👩‍🚒', '应急局 🇨🇳 \\ back\\slash %s %n'),
            ('长' * 64, '单' * 10000),
            ('  spaced  name  ', 'tab\there, newline\nthere'),
        ]
        added = []
        for name, unit in texts:
            member = self.json('staff', 'add', '--name', name, '--role', 'officer', '--unit', unit)
            self.assertEqual(member['name'], name)
            self.assertEqual(member['unit'], unit)
            added.append(member)
        listed = {m['id']: m for m in self.staff()}
        self.assertEqual(len(listed), len(texts))
        for member in added:
            self.assertEqual(listed[member['id']], member)
        # The tables are all still there.
        self.json('audit', 'verify')

    def test_invalid_utf8_argument_refused(self):
        for args in ([b'--name', b'\xff\xfe\xfd', b'--role', b'leader'],
                     [b'--name', b'ok', b'--role', b'leader', b'--unit', b'\xe5\xbc'],
                     [b'--name', b'ok', b'--role', b'leader', b'--phone', b'\xc0\xaf']):
            with self.subTest(args=args):
                res, err = self.fails(2, b'staff', b'add', *args)
                self.assertIn('UTF-8', err)
                self.assert_one_line(err)
        self.assertEqual(self.staff(), [])

    ROWS = [('张三', 'leader', '13800000001', '应急局'),
            ('李四', 'officer', '0851-1234567', '办公室'),
            ('王五', 'both', '', '')]

    def csv_text(self, rows, header='name,role,phone,unit'):
        return header + '\r\n' + ''.join(','.join(row) + '\r\n' for row in rows)

    def check_imported(self, path, encoding):
        result = self.json('staff', 'import', path)
        self.assertIs(result['ok'], True)
        self.assertEqual(result['imported'], 3)
        self.assertEqual(result['encoding'], encoding)
        self.assertEqual(len(result['staff']), 3)
        listed = self.staff()
        got = sorted((m['name'], m['roles'], m['phone'], m['unit']) for m in listed)
        want = sorted([('张三', ['leader'], '13800000001', '应急局'),
                       ('李四', ['officer'], '0851-1234567', '办公室'),
                       ('王五', ['leader', 'officer'], '', '')])
        self.assertEqual(got, want)

    def test_import_utf8(self):
        path = self.write('staff.csv', self.csv_text(self.ROWS).encode('utf-8'))
        self.check_imported(path, 'UTF-8')

    def test_import_utf8_bom(self):
        path = self.write('staff.csv', self.csv_text(self.ROWS).encode('utf-8-sig'))
        self.check_imported(path, 'UTF-8')

    def test_import_gb18030(self):
        data = self.csv_text(self.ROWS).encode('gb18030')
        self.assertRaises(UnicodeDecodeError, data.decode, 'utf-8')
        path = self.write('staff.csv', data)
        self.check_imported(path, 'GB18030')

    def test_import_chinese_header_gb18030(self):
        path = self.write('staff.csv', self.csv_text(self.ROWS, header='姓名,角色,电话,单位').encode('gb18030'))
        self.check_imported(path, 'GB18030')

    def test_import_human_output(self):
        path = self.write('staff.csv', self.csv_text(self.ROWS).encode('utf-8'))
        out = self.ok('staff', 'import', path).stdout.decode()
        self.assertIn('3', out)
        self.assertEqual(len(self.staff()), 3)

    def test_import_bad_rows_all_reported_nothing_imported(self):
        rows = ['name,role,phone,unit',            # line 1
                '张三,leader,13800000001,应急局',    # line 2
                ',officer,110,办公室',               # line 3: no name
                '李四,officer,110,办公室',            # line 4
                '王五,chef,110,办公室',               # line 5: unknown role
                '赵六,leader,not a phone,办公室',      # line 6: bad phone
                '钱七,both,,']                       # line 7
        path = self.write('bad.csv', ('\n'.join(rows) + '\n').encode('utf-8'))
        before = snapshot(os.path.dirname(self.db))

        res, err = self.fails(2, 'staff', 'import', path)
        for line in (3, 5, 6):
            self.assertRegex(err, r'line %d\b' % line)
        for line in (2, 4, 7):
            self.assertNotRegex(err, r'line %d\b' % line)
        self.assertEqual(res.stdout, b'')

        res = self.run_dutyctl('staff', 'import', path, '--json')
        self.assertEqual(res.returncode, 2)
        report = json.loads(res.stdout.decode())
        self.assertIs(report['ok'], False)
        self.assertEqual(report['imported'], 0)
        self.assertEqual([p['line'] for p in report['problems']], [3, 5, 6])
        for problem in report['problems']:
            self.assertTrue(problem['message'])

        self.assertEqual(snapshot(os.path.dirname(self.db)), before)
        self.assertEqual(self.staff(), [])

    def test_import_bad_gb18030_rows_reported(self):
        rows = self.ROWS + [('孙八', '厨师', '110', '')]
        path = self.write('bad.csv', self.csv_text(rows).encode('gb18030'))
        res, err = self.fails(2, 'staff', 'import', path)
        self.assertRegex(err, r'line 5\b')
        self.assertIn('厨师', err)
        self.assertEqual(self.staff(), [])

    def test_import_not_text_refused(self):
        path = self.write('binary.csv', bytes(range(256)) * 4)
        res, err = self.fails(2, 'staff', 'import', path)
        self.assertEqual(self.staff(), [])

    def test_import_bad_header_or_empty_file(self):
        for name, data in (('header.csv', 'name,role,email\n张三,leader,a@b\n'),
                           ('twice.csv', 'name,name,role\n张三,张三,leader\n'),
                           ('empty.csv', ''),
                           ('header-only.csv', 'name,role,phone,unit\n'),
                           ('unclosed.csv', 'name,role\n"张三,leader\n')):
            with self.subTest(name=name):
                path = self.write(name, data.encode('utf-8'))
                res, err = self.fails(2, 'staff', 'import', path)
                self.assert_one_line(err)
                res = self.run_dutyctl('staff', 'import', path, '--json')
                self.assertEqual(res.returncode, 2)
                report = json.loads(res.stdout.decode())
                self.assertIs(report['ok'], False)
                self.assertTrue(report['error'])
        self.assertEqual(self.staff(), [])

    def test_import_missing_file(self):
        res, err = self.fails(1, 'staff', 'import', os.path.join(self.tmp, 'missing.csv'))
        self.assert_one_line(err)

    def test_import_needs_a_desk(self):
        path = self.write('staff.csv', self.csv_text(self.ROWS).encode('utf-8'))
        other = os.path.join(self.tmp, 'other.db')
        res, err = self.fails(1, 'staff', 'import', path, db=other)
        self.assertIn('dutyctl init', err)
        self.assertFalse(os.path.exists(other))


# ------------------------------------------------------------------ backup and restore

class BackupTests(DutyctlTestCase):
    def setUp(self):
        super().setUp()
        self.desk = self.init('520102')
        self.first = self.json('staff', 'add', '--name', '张三', '--role', 'leader')
        self.backup = os.path.join(self.tmp, 'backups', 'desk-backup.db')
        os.makedirs(os.path.dirname(self.backup))

    def test_backup_restore_round_trip(self):
        result = self.json('backup', self.backup)
        self.assertIs(result['ok'], True)
        self.assertTrue(os.path.getsize(self.backup) > 0)

        self.json('staff', 'add', '--name', '李四', '--role', 'officer')
        self.assertEqual(len(self.staff()), 2)

        result = self.json('restore', self.backup)
        self.assertIs(result['ok'], True)
        self.assertEqual(self.staff(), [self.first])
        info = self.json('info')
        self.assertEqual(info['unit_code'], self.desk['unit_code'])
        self.assertEqual(info['unit_name'], self.desk['unit_name'])
        self.assertNotEqual(info['client_epoch'], self.desk['client_epoch'])
        self.assertEqual(result['client_epoch'], info['client_epoch'])
        self.assertIs(self.json('audit', 'verify')['ok'], True)

    def test_backup_and_restore_human_output(self):
        out = self.ok('backup', self.backup).stdout.decode()
        self.assertIn(self.backup, out)
        out = self.ok('restore', self.backup).stdout.decode()
        self.assertIn(self.backup, out)

    def test_backup_never_overwrites(self):
        with open(self.backup, 'wb') as f:
            f.write(b'precious')
        res, err = self.fails(2, 'backup', self.backup)
        self.assert_one_line(err)
        with open(self.backup, 'rb') as f:
            self.assertEqual(f.read(), b'precious')

    def test_restore_into_a_new_database(self):
        self.json('backup', self.backup)
        other = os.path.join(self.tmp, 'new', 'desk.db')
        self.json('restore', self.backup, db=other)
        self.assertEqual(self.staff(db=other), [self.first])
        self.assertEqual(self.json('info', db=other)['unit_code'], '520102')

    def corrupt(self, path):
        with open(path, 'r+b') as f:
            data = bytearray(f.read())
            # Keep the header, scramble the rest: pages no longer parse.
            for i in range(100, len(data)):
                data[i] = (data[i] * 7 + 13) & 0xff
            f.seek(0)
            f.write(data)

    def test_restore_refuses_corrupted_backup(self):
        self.json('backup', self.backup)
        self.corrupt(self.backup)
        self.json('staff', 'add', '--name', '李四', '--role', 'officer')
        staff_before = self.staff()
        info_before = self.json('info')

        res, err = self.fails(1, 'restore', self.backup)
        self.assert_one_line(err)
        self.assertEqual(res.stdout, b'')
        self.assertEqual(self.staff(), staff_before)
        self.assertEqual(self.json('info'), info_before)

    def test_restore_refuses_a_file_that_is_not_a_database(self):
        with open(self.backup, 'w') as f:
            f.write('name,role\n张三,leader\n' * 200)
        info_before = self.json('info')
        self.fails(1, 'restore', self.backup)
        self.assertEqual(self.json('info'), info_before)
        self.assertEqual(self.staff(), [self.first])

    def test_failed_restore_does_not_create_a_database(self):
        with open(self.backup, 'w') as f:
            f.write('not a database\n' * 200)
        other = os.path.join(self.tmp, 'other.db')
        self.fails(1, 'restore', self.backup, db=other)
        self.assertFalse(os.path.exists(other))
        self.fails(1, 'restore', os.path.join(self.tmp, 'missing.db'), db=other)
        self.assertFalse(os.path.exists(other))


# ------------------------------------------------------------------ audit

class AuditTests(DutyctlTestCase):
    def setUp(self):
        super().setUp()
        self.init('520102')
        for name in ('张三', '李四', '王五'):
            self.json('staff', 'add', '--name', name, '--role', 'officer')

    def test_verify_intact(self):
        report = self.json('audit', 'verify')
        self.assertEqual(set(report), {'ok', 'entries', 'bad_seq', 'problem'})
        self.assertIs(report['ok'], True)
        self.assertGreaterEqual(report['entries'], 4)
        out = self.ok('audit', 'verify').stdout.decode()
        self.assertIn(str(report['entries']), out)

    # Names from src/store/migrations/0001-desk-staff-audit-outbox.sql.
    JOURNAL = 'audit_journal'

    def tamper(self, sql):
        """Drops the journal's guard triggers and runs @sql against it with
        the sqlite3 command-line tool, as someone editing the file would."""
        con = sqlite3.connect(self.db)
        triggers = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (self.JOURNAL,))]
        con.close()
        self.assertIn('audit_journal_no_update', triggers)
        self.assertIn('audit_journal_no_delete', triggers)
        script = ''.join('DROP TRIGGER %s;\n' % t for t in triggers) + sql + '\n'
        sqlite3_tool = shutil.which('sqlite3')
        self.assertIsNotNone(sqlite3_tool, 'the sqlite3 command-line tool is needed')
        subprocess.run([sqlite3_tool, self.db], input=script.encode(), check=True,
                       capture_output=True)

    def test_writes_are_journaled_as_dutyctl(self):
        con = sqlite3.connect(self.db)
        actors = [r[0] for r in con.execute('SELECT actor FROM %s ORDER BY seq' % self.JOURNAL)]
        con.close()
        self.assertGreaterEqual(len(actors), 4)
        self.assertEqual(set(actors), {'dutyctl'})

    def test_edit_refused_while_triggers_stand(self):
        sqlite3_tool = shutil.which('sqlite3')
        res = subprocess.run([sqlite3_tool, self.db],
                             input=b"UPDATE audit_journal SET detail = 'x' WHERE seq = 2;\n",
                             capture_output=True)
        self.assertIn(b'append-only', res.stderr)
        self.assertIs(self.json('audit', 'verify')['ok'], True)

    def test_verify_detects_an_edited_entry(self):
        self.tamper("UPDATE audit_journal SET detail = '{\"name\":\"edited\"}' WHERE seq = 3;")

        res = self.run_dutyctl('audit', 'verify', '--json')
        self.assertEqual(res.returncode, 1, res.stderr)
        report = json.loads(res.stdout.decode())
        self.assertIs(report['ok'], False)
        self.assertEqual(report['bad_seq'], 3)
        self.assertTrue(report['problem'])
        self.assertGreaterEqual(report['entries'], 3)
        err = res.stderr.decode()
        self.assertRegex(err, r'\b3\b')

        res, err = self.fails(1, 'audit', 'verify')
        self.assertRegex(err, r'entry 3\b')
        self.assert_one_line(err)

    def test_verify_detects_a_deleted_entry(self):
        self.tamper('DELETE FROM audit_journal WHERE seq = 2;')
        res = self.run_dutyctl('audit', 'verify', '--json')
        self.assertEqual(res.returncode, 1, res.stderr)
        report = json.loads(res.stdout.decode())
        self.assertIs(report['ok'], False)
        # The missing entry, or the first one whose link to it broke.
        self.assertIn(report['bad_seq'], (2, 3))

    def test_verify_detects_a_cut_off_end(self):
        self.tamper('DELETE FROM audit_journal WHERE seq = (SELECT max (seq) FROM audit_journal);')
        res = self.run_dutyctl('audit', 'verify', '--json')
        self.assertEqual(res.returncode, 1, res.stderr)
        report = json.loads(res.stdout.decode())
        self.assertIs(report['ok'], False)
        self.assertTrue(report['problem'])

    def test_verify_needs_a_database(self):
        res, err = self.fails(1, 'audit', 'verify', db=os.path.join(self.tmp, 'missing.db'))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, 'missing.db')))


# ------------------------------------------------------------------ demo

class DemoTests(DutyctlTestCase):
    def demo(self, name, *args):
        path = os.path.join(self.tmp, name)
        return path, self.json('demo', *args, db=path)

    def test_demo_small(self):
        path, result = self.demo('demo.db')
        for key in ('database', 'size', 'seed', 'unit_code', 'unit_name', 'staff', 'audit_entries'):
            self.assertIn(key, result)
        self.assertEqual(result['size'], 'small')
        self.assertGreater(result['staff'], 0)
        info = self.json('info', db=path)
        self.assertEqual(info['unit_code'], result['unit_code'])
        staff = self.staff(db=path)
        self.assertEqual(len(staff), result['staff'])
        self.assertIs(self.json('audit', 'verify', db=path)['ok'], True)

    def test_demo_small_is_reproducible(self):
        def content(path):
            info = self.json('info', db=path)
            del info['client_epoch']
            staff = sorted((m['name'], m['roles'], m['phone'], m['unit'], m['active'])
                           for m in self.staff(db=path))
            return info, staff
        a, _ = self.demo('a.db', '--seed', '42')
        b, _ = self.demo('b.db', '--seed', '42')
        self.assertEqual(content(a), content(b))

    def test_demo_large_reports_progress(self):
        path = os.path.join(self.tmp, 'large.db')
        # A million calls through the write helper take minutes.
        res = self.ok('demo', '--size', 'large', '--json', db=path, timeout=1500)
        result = json.loads(res.stdout.decode())
        self.assertEqual(result['size'], 'large')
        self.assertGreaterEqual(result['audit_entries'], 1000000)
        self.assertIn('large demo', res.stderr.decode())
        self.assertEqual(self.json('info', db=path)['unit_code'], result['unit_code'])
        # A million calls, each journalled, indexed for the search.
        with sqlite3.connect(path) as db:
            self.assertEqual(db.execute('SELECT count(*) FROM calls').fetchone()[0], 1000000)
            self.assertEqual(db.execute("SELECT count(*) FROM audit_journal WHERE action = 'call.log'")
                             .fetchone()[0], 1000000)
            self.assertEqual(db.execute("SELECT count(*) FROM search_doc WHERE kind = 'call'").fetchone()[0],
                             1000000)
        hits = self.json('search', '积水', '--limit', '5', db=path)['results']
        self.assertEqual(len(hits), 5)
        for hit in hits:
            self.assertIn('积水', hit['text'])
        self.assertEqual(self.json('search', '地震', db=path)['results'], [])

    def test_demo_human_output(self):
        path = os.path.join(self.tmp, 'demo.db')
        out = self.ok('demo', db=path).stdout.decode()
        self.assertIn(path, out)

    def test_demo_refuses_an_existing_desk(self):
        self.init('520102')
        self.json('staff', 'add', '--name', '张三', '--role', 'leader')
        before = snapshot(self.tmp)
        res, err = self.fails(1, 'demo')
        self.assert_one_line(err)
        self.assertEqual(snapshot(self.tmp), before)
        self.assertEqual(self.json('info')['unit_code'], '520102')

    def test_demo_refuses_an_existing_demo(self):
        path, _ = self.demo('demo.db')
        before = snapshot(self.tmp)
        self.fails(1, 'demo', db=path)
        self.assertEqual(snapshot(self.tmp), before)

    def test_demo_refuses_any_other_file(self):
        path = os.path.join(self.tmp, 'notes.txt')
        with open(path, 'w') as f:
            f.write('not a database')
        self.fails(1, 'demo', db=path)
        with open(path) as f:
            self.assertEqual(f.read(), 'not a database')

    def test_demo_requires_an_explicit_db(self):
        env = self.env()
        res, err = self.fails(2, 'demo', db=False, env=env)
        self.assertIn('--db', err)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_demo_bad_options(self):
        path = os.path.join(self.tmp, 'demo.db')
        for args in (['--size', 'huge'], ['--seed', '-1'], ['--seed', 'abc'], ['--seed', '4294967296']):
            with self.subTest(args=args):
                self.fails(2, 'demo', *args, db=path)
                self.assertFalse(os.path.exists(path))


# ------------------------------------------------------------------ translation

def po_translation(po_path, msgid):
    """The zh_CN msgstr of @msgid, or None if missing, empty or fuzzy."""
    if not os.path.exists(po_path):
        return None
    entries = []
    current = {'fuzzy': False}
    key = None

    def unquote(s):
        return json.loads(s)

    with open(po_path, encoding='utf-8') as f:
        for raw in f:
            line = raw.strip()
            if not line:
                if 'msgid' in current:
                    entries.append(current)
                current, key = {'fuzzy': False}, None
                continue
            if line.startswith('#,') and 'fuzzy' in line:
                current['fuzzy'] = True
            elif line.startswith('#'):
                continue
            elif line.startswith('msgid '):
                key = 'msgid'
                current[key] = unquote(line[6:])
            elif line.startswith('msgstr '):
                key = 'msgstr'
                current[key] = unquote(line[7:])
            elif line.startswith('msgid_plural') or line.startswith('msgstr['):
                key = None
            elif line.startswith('"') and key:
                current[key] += unquote(line)
    if 'msgid' in current:
        entries.append(current)
    for entry in entries:
        if entry.get('msgid') == msgid and entry.get('msgstr') and not entry['fuzzy']:
            return entry['msgstr']
    return None


class I18nTests(DutyctlTestCase):
    """Messages follow LANGUAGE through the translation built in <build>/po."""

    def zh_env(self):
        return self.env(LANGUAGE='zh_CN', DUTY_DESK_LOCALEDIR=os.path.join(BUILD_ROOT, 'po'))

    def translation(self, msgid):
        po = os.path.join(SOURCE_ROOT, 'po', 'zh_CN.po')
        translated = po_translation(po, msgid)
        self.assertIsNotNone(translated, 'po/zh_CN.po does not translate %r' % msgid)
        self.assertTrue(os.path.exists(os.path.join(BUILD_ROOT, 'po', 'zh_CN', 'LC_MESSAGES',
                                                    'duty-desk.mo')))
        return translated

    def test_cli_error_in_chinese(self):
        expected = self.translation('unknown command “%s”').replace('%s', 'frobnicate')
        res, err = self.fails(2, 'frobnicate', env=self.zh_env())
        self.assertIn(expected, err)
        self.assertNotIn('unknown command', err)
        self.assert_one_line(err)

    def test_core_error_in_chinese(self):
        expected = self.translation('“%s” is not a known division code').replace('%s', '999999')
        res, err = self.fails(2, 'init', '--unit-code', '999999', env=self.zh_env())
        self.assertIn(expected, err)

    def test_desk_needed_in_chinese(self):
        msgid = '%s: there is no desk database here yet: run “dutyctl init --unit-code CODE” first'
        expected = self.translation(msgid).replace('%s', self.db)
        res, err = self.fails(1, 'info', env=self.zh_env())
        self.assertIn(expected, err)

    def test_help_in_chinese(self):
        summary = self.translation('Add a member of the duty staff and print it with its new id.')
        out = self.ok('staff', 'add', '--help', env=self.zh_env()).stdout.decode()
        self.assertIn(summary, out)

    def test_english_without_language(self):
        res, err = self.fails(2, 'frobnicate')
        self.assertIn('unknown command “frobnicate”', err)


def main():
    global DUTYCTL, SOURCE_ROOT, BUILD_ROOT
    parser = argparse.ArgumentParser()
    parser.add_argument('--dutyctl', required=True)
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--build-root', required=True)
    args, rest = parser.parse_known_args()
    DUTYCTL = os.path.abspath(args.dutyctl)
    SOURCE_ROOT = os.path.abspath(args.source_root)
    BUILD_ROOT = os.path.abspath(args.build_root)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == '__main__':
    main()
