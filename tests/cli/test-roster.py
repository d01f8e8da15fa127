#!/usr/bin/python3
# test-roster.py: dutyctl calendar, period, leave, template, roster and oncall
# (issue 3) as real processes on fresh folders.
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run by meson:
#   test-roster.py --dutyctl PATH --source-root DIR [unittest args…]

import argparse
import csv
import io
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
READ_ICS = None
SOURCE_ROOT = None

RFC3339_RE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$')
UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')
DAY_KEYS = {'date', 'kind', 'holiday', 'regime', 'flood_season', 'periods', 'schedule_loaded'}
SHIFT_KEYS = {'id', 'date', 'position', 'template', 'start', 'end', 'regime', 'required', 'assigned'}
PROBLEM_KEYS = {'kind', 'shift_id', 'staff_id', 'detail'}
STATS_KEYS = {'staff_id', 'name', 'shifts', 'hours', 'night_shifts', 'weekend_shifts', 'holiday_shifts'}
ONCALL_KEYS = {'staff_id', 'name', 'phone', 'start', 'end'}

OFFICERS = ['张三', '李四', '王五', '赵六']
LEADERS = ['领导甲', '领导乙', '领导丙']


class RosterTestCase(unittest.TestCase):
    maxDiff = None
    regime = '7x24'

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='dutyctl-roster-')
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.db = os.path.join(self.tmp, 'desk.db')
        self.json('init', '--unit-code', '520102', '--regime', self.regime)
        self.ids = {}
        for i, name in enumerate(OFFICERS):
            self.ids[name] = self.json('staff', 'add', '--name', name, '--role', 'officer',
                                       '--phone', '1390000000%d' % i)['id']
        for i, name in enumerate(LEADERS):
            self.ids[name] = self.json('staff', 'add', '--name', name, '--role', 'leader',
                                       '--phone', '1380000000%d' % i)['id']

    def env(self):
        env = dict(os.environ)
        env['LC_ALL'] = 'C.UTF-8'
        env.pop('LANGUAGE', None)
        env['DUTY_DESK_DB'] = os.path.join(self.tmp, 'never-used.db')
        env['XDG_DATA_HOME'] = os.path.join(self.tmp, 'xdg-data')
        return env

    def run_dutyctl(self, *args):
        return subprocess.run([DUTYCTL, '--db', self.db] + list(args), capture_output=True,
                              env=self.env(), timeout=300)

    def ok(self, *args):
        res = self.run_dutyctl(*args)
        self.assertEqual(res.returncode, 0, 'dutyctl %r failed: %s'
                         % (args, res.stderr.decode(errors='replace')))
        return res

    def json(self, *args):
        res = self.ok(*args, '--json')
        return json.loads(res.stdout.decode('utf-8'))

    def fails(self, status, *args):
        """A command that must fail with @status, one error line, and write nothing."""
        before = self.journal()
        res = self.run_dutyctl(*args)
        err = res.stderr.decode('utf-8')
        self.assertEqual(res.returncode, status, 'dutyctl %r: expected %d, got %d: %s'
                         % (args, status, res.returncode, err))
        self.assertTrue(err.startswith('dutyctl: '), err)
        self.assertEqual(len(err.rstrip('\n').split('\n')), 1, err)
        self.assertEqual(self.journal(), before, 'dutyctl %r wrote something' % (args,))
        return err

    def journal(self):
        with sqlite3.connect(self.db) as db:
            audit = db.execute('SELECT count(*) FROM audit_journal').fetchone()[0]
            outbox = db.execute('SELECT count(*) FROM sync_outbox').fetchone()[0]
        return audit, outbox

    def outbox_kinds(self):
        with sqlite3.connect(self.db) as db:
            return {row[0] for row in db.execute('SELECT record_kind FROM sync_outbox')}

    def generate(self, first, last, seed='1'):
        return self.json('roster', 'generate', '--from', first, '--to', last, '--seed', seed)

    def show(self, first, last):
        return self.json('roster', 'show', '--from', first, '--to', last)['shifts']


# ------------------------------------------------------------------ calendar

def published(year):
    """The shipped schedule of @year: {date: ('holiday', name) | ('adjusted_workday', None)}."""
    import datetime
    days = {}
    with open(os.path.join(SOURCE_ROOT, 'data', 'holidays', '%d.txt' % year), encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].split()
            if not line:
                continue

            def day(text):
                if len(text) == 5:
                    text = '%d-%s' % (year, text)
                return datetime.date.fromisoformat(text)
            if line[1] == 'OFF':
                first, _, last = line[2].partition('..')
                d, end = day(first), day(last or first)
                while d <= end:
                    days[d.isoformat()] = ('holiday', line[3])
                    d += datetime.timedelta(days=1)
            else:
                for text in line[2:]:
                    days[day(text).isoformat()] = ('adjusted_workday', None)
    return days


class CalendarTests(RosterTestCase):
    def calendar(self, first, last):
        res = self.ok('calendar', '--from', first, '--to', last, '--json')
        return json.loads(res.stdout.decode()), res.stderr.decode()

    def test_shape_and_published_2026(self):
        result, err = self.calendar('2026-01-01', '2026-12-31')
        self.assertEqual(err, '')
        days = result['days']
        self.assertEqual(len(days), 365)
        for day in days:
            self.assertTrue(DAY_KEYS <= set(day), day)
            self.assertIs(day['schedule_loaded'], True)
            self.assertEqual(day['regime'], '7x24')
        by_date = {d['date']: d for d in days}
        schedule = published(2026)
        self.assertGreater(len(schedule), 30)
        for date, (kind, name) in schedule.items():
            self.assertEqual(by_date[date]['kind'], kind, date)
            self.assertEqual(by_date[date]['holiday'], name, date)
        self.assertEqual(by_date['2026-02-14']['kind'], 'adjusted_workday')
        self.assertEqual(by_date['2026-02-15']['holiday'], '春节')
        self.assertEqual(by_date['2026-02-24']['kind'], 'workday')
        self.assertEqual(by_date['2026-03-07']['kind'], 'weekend')
        self.assertIs(by_date['2026-06-01']['flood_season'], True)
        self.assertIs(by_date['2026-07-31']['flood_season'], True)
        self.assertIs(by_date['2026-08-01']['flood_season'], False)
        self.assertEqual(by_date['2026-03-07']['periods'], [])

    def test_unloaded_year_flagged_then_imported(self):
        result, err = self.calendar('2026-12-31', '2027-01-02')
        self.assertIn('2027', err)
        self.assertTrue(err.startswith('dutyctl: warning'), err)
        flags = [d['schedule_loaded'] for d in result['days']]
        self.assertEqual(flags, [True, False, False])

        path = os.path.join(self.tmp, '2027.txt')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('# notice: 测试通知\n2027 OFF 01-01..01-03 元旦\n2027 WORK 01-09\n')
        imported = self.json('calendar', 'import', path)
        self.assertEqual(imported['imported'][0]['year'], 2027)
        self.assertEqual(imported['imported'][0]['notice'], '测试通知')
        self.assertEqual(imported['imported'][0]['source'], 'file:2027.txt')
        self.assertIn('holiday_schedule', self.outbox_kinds())

        result, err = self.calendar('2027-01-01', '2027-01-09')
        self.assertEqual(err, '')
        self.assertIs(result['days'][0]['schedule_loaded'], True)
        self.assertEqual(result['days'][0]['kind'], 'holiday')
        self.assertEqual(result['days'][0]['holiday'], '元旦')
        self.assertEqual(result['days'][8]['kind'], 'adjusted_workday')

        # roster commands warn about years without a schedule
        res = self.ok('roster', 'show', '--from', '2028-01-01', '--to', '2028-01-01')
        self.assertIn('2028', res.stderr.decode())

    def test_import_refuses_bad_files(self):
        self.calendar('2026-01-01', '2026-01-01')  # seed first
        bad = os.path.join(self.tmp, 'bad.txt')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('2027 OFF 13-45 元旦\n')
        self.fails(2, 'calendar', 'import', bad)
        self.fails(2, 'calendar', 'import', os.path.join(self.tmp, 'missing.txt'))
        clash = os.path.join(self.tmp, 'clash.txt')
        with open(clash, 'w', encoding='utf-8') as f:
            f.write('2027 OFF 01-01..01-01 元旦\n2027 WORK 2026-10-03\n')
        self.fails(2, 'calendar', 'import', clash)
        self.fails(2, 'calendar', 'import')

    def test_bad_ranges(self):
        self.fails(2, 'calendar', '--from', '2026-02-30', '--to', '2026-03-01')
        self.fails(2, 'calendar', '--from', '2026-03-02', '--to', '2026-03-01')
        self.fails(2, 'calendar', '--from', '2026-03-02')

    def test_flood_season_editable(self):
        self.ok('calendar', 'flood-season', '--year', '2026', '--from', '2026-05-15', '--to', '2026-08-15')
        result, _ = self.calendar('2026-05-14', '2026-05-15')
        self.assertEqual([d['flood_season'] for d in result['days']], [False, True])
        self.assertIn('flood_season', self.outbox_kinds())
        self.ok('calendar', 'flood-season', '--year', '2026', '--reset')
        result, _ = self.calendar('2026-05-15', '2026-06-01')
        self.assertIs(result['days'][0]['flood_season'], False)
        self.assertIs(result['days'][-1]['flood_season'], True)
        self.fails(2, 'calendar', 'flood-season', '--year', '2026', '--from', '2027-01-01', '--to', '2027-01-02')


class FiveByEightTests(RosterTestCase):
    regime = '5x8'

    def test_regimes(self):
        days = {d['date']: d for d in self.json('calendar', '--from', '2026-02-13', '--to', '2026-03-08')['days']}
        self.assertEqual(days['2026-02-13']['regime'], '5x8')
        self.assertEqual(days['2026-02-14']['regime'], '5x8')     # adjusted working day
        self.assertEqual(days['2026-02-15']['regime'], '7x24')    # Spring Festival
        self.assertEqual(days['2026-03-07']['regime'], 'none')    # an ordinary Saturday
        period = self.json('period', 'add', '--name', '重要会议', '--from', '2026-03-07', '--to', '2026-03-08',
                           '--leaders', '2')
        days = {d['date']: d for d in self.json('calendar', '--from', '2026-03-06', '--to', '2026-03-09')['days']}
        self.assertEqual(days['2026-03-07']['regime'], '7x24')
        self.assertEqual(days['2026-03-07']['periods'], ['重要会议'])
        self.assertEqual(days['2026-03-09']['regime'], '5x8')
        shifts = self.show('2026-03-06', '2026-03-07')
        leader = [s for s in shifts if s['date'] == '2026-03-07' and s['position'] == 'leader'][0]
        self.assertEqual(leader['required'], 2)
        self.assertEqual(period['leaders'], 2)
        office = [s for s in shifts if s['date'] == '2026-03-06']
        self.assertEqual(sorted(s['template'] for s in office), ['leader_5x8', 'officer_5x8'])


# ------------------------------------------------------------------ periods, leave, templates

class RecordTests(RosterTestCase):
    def test_period(self):
        period = self.json('period', 'add', '--name', '全国两会', '--from', '2026-03-04', '--to', '2026-03-11',
                           '--leaders', '2')
        self.assertRegex(period['id'], UUID_RE)
        self.assertEqual(period['from'], '2026-03-04')
        self.assertEqual(period['to'], '2026-03-11')
        self.assertEqual(period['start'], '2026-03-04T00:00:00+08:00')
        self.assertEqual(period['end'], '2026-03-12T00:00:00+08:00')
        listed = self.json('period', 'list')['periods']
        self.assertEqual(listed, [period])
        self.assertIn('period', self.outbox_kinds())
        self.fails(2, 'period', 'add', '--name', 'x', '--from', '2026-03-04', '--to', '2026-03-05', '--leaders', '3')
        self.fails(2, 'period', 'add', '--name', ' ', '--from', '2026-03-04', '--to', '2026-03-05')
        self.fails(2, 'period', 'add', '--from', '2026-03-04', '--to', '2026-03-05')
        self.fails(2, 'period', 'remove', '--id', 'nope')
        self.ok('period', 'remove', '--id', period['id'])
        self.assertEqual(self.json('period', 'list')['periods'], [])

    def test_leave(self):
        absence = self.json('leave', 'add', '--staff', self.ids['张三'], '--from', '2026-03-10',
                            '--to', '2026-03-12', '--reason', '年假')
        self.assertEqual(absence['kind'], 'leave')
        self.assertEqual(absence['name'], '张三')
        trip = self.json('leave', 'add', '--staff', self.ids['李四'], '--from', '2026-03-11',
                         '--to', '2026-03-11', '--kind', 'business_trip')
        self.assertEqual(trip['reason'], None)
        listed = self.json('leave', 'list')['absences']
        self.assertEqual([a['id'] for a in listed], [absence['id'], trip['id']])
        self.assertEqual(self.json('leave', 'list', '--staff', self.ids['李四'])['absences'], [trip])
        self.assertIn('absence', self.outbox_kinds())
        self.fails(2, 'leave', 'add', '--staff', 'nobody', '--from', '2026-03-10', '--to', '2026-03-12')
        self.fails(2, 'leave', 'add', '--staff', self.ids['张三'], '--from', '2026-03-10', '--to', '2026-03-12',
                   '--kind', 'holiday')
        self.fails(2, 'leave', 'add', '--staff', self.ids['张三'], '--from', '2026-03-12', '--to', '2026-03-10')

        # generation keeps people on leave off duty
        self.generate('2026-03-09', '2026-03-13')
        for shift in self.show('2026-03-10', '2026-03-12'):
            self.assertNotIn(self.ids['张三'], [a['staff_id'] for a in shift['assigned']])

    def test_templates(self):
        templates = self.json('template', 'list')['templates']
        self.assertEqual([t['id'] for t in templates],
                         ['leader_7x24', 'officer_day', 'officer_night', 'leader_5x8', 'officer_5x8'])
        night = [t for t in templates if t['id'] == 'officer_night'][0]
        self.assertEqual((night['start'], night['end'], night['required']), ('17:30', '08:30', 1))
        changed = self.json('template', 'set', '--id', 'officer_night', '--required', '2')
        self.assertEqual(changed['required'], 2)
        self.assertEqual(changed['start'], '17:30')
        shifts = self.show('2026-03-02', '2026-03-02')
        self.assertEqual([s['required'] for s in shifts if s['template'] == 'officer_night'], [2])
        self.assertIn('shift_template', self.outbox_kinds())
        self.fails(2, 'template', 'set', '--id', 'brand_new', '--name', 'New')
        self.fails(2, 'template', 'set', '--id', 'officer_night', '--start', '25:00')
        self.fails(2, 'template', 'set', '--id', 'Bad Id!', '--name', 'x', '--position', 'officer',
                   '--regime', '7x24', '--start', '08:00', '--end', '09:00')


# ------------------------------------------------------------------ rosters

class RosterTests(RosterTestCase):
    def test_generate_show_check_stats(self):
        result = self.generate('2026-02-01', '2026-02-28')
        self.assertEqual(set(result), {'assigned', 'unfilled'})
        self.assertEqual(len(result['assigned']), 28 * 3)
        self.assertEqual(result['unfilled'], [])
        for a in result['assigned']:
            self.assertEqual(set(a), {'shift_id', 'staff_id', 'name'})
        self.assertIn('assignment', self.outbox_kinds())

        shifts = self.show('2026-02-15', '2026-02-15')
        self.assertEqual(len(shifts), 3)
        for shift in shifts:
            self.assertTrue(SHIFT_KEYS <= set(shift), shift)
            self.assertEqual(shift['date'], '2026-02-15')
            self.assertRegex(shift['start'], RFC3339_RE)
            self.assertRegex(shift['end'], RFC3339_RE)
            self.assertEqual(shift['regime'], '7x24')
            self.assertEqual(len(shift['assigned']), 1)
            self.assertEqual(set(shift['assigned'][0]) & {'staff_id', 'name', 'locked'},
                             {'staff_id', 'name', 'locked'})
        night = [s for s in shifts if s['template'] == 'officer_night'][0]
        self.assertEqual(night['id'], '2026-02-15/officer_night')
        self.assertEqual(night['position'], 'officer')
        self.assertEqual(night['start'], '2026-02-15T17:30:00+08:00')
        self.assertEqual(night['end'], '2026-02-16T08:30:00+08:00')

        self.assertEqual(self.json('roster', 'check', '--from', '2026-02-01', '--to', '2026-02-28'),
                         {'problems': []})
        stats = self.json('roster', 'stats', '--from', '2026-02-01', '--to', '2026-02-28')['staff']
        self.assertEqual(len(stats), 7)
        for row in stats:
            self.assertEqual(set(row), STATS_KEYS)
        self.assertEqual(sum(r['shifts'] for r in stats), 84)
        self.assertEqual(sum(r['night_shifts'] for r in stats), 28 * 2)  # leader 24h and officer night
        holiday = sum(r['holiday_shifts'] for r in stats)
        self.assertEqual(holiday, 9 * 3)  # 春节 02-15..02-23
        officers = [r['shifts'] for r in stats if r['name'] in OFFICERS]
        self.assertLessEqual(max(officers) - min(officers), 1)

        # a gap shows up in check
        shift = self.show('2026-02-10', '2026-02-10')[1]
        self.ok('roster', 'unassign', '--shift', shift['id'], '--staff', shift['assigned'][0]['staff_id'])
        problems = self.json('roster', 'check', '--from', '2026-02-10', '--to', '2026-02-10')['problems']
        self.assertEqual(len(problems), 1)
        self.assertEqual(set(problems[0]), PROBLEM_KEYS)
        self.assertEqual(problems[0]['kind'], 'uncovered')
        self.assertEqual(problems[0]['shift_id'], shift['id'])
        self.assertIsNone(problems[0]['staff_id'])

    def test_assign_lock_swap(self):
        self.generate('2026-03-01', '2026-03-07')
        shifts = {s['id']: s for s in self.show('2026-03-01', '2026-03-07')}
        a = shifts['2026-03-02/officer_day']['assigned'][0]['staff_id']
        target = next(s for s in shifts.values()
                      if s['template'] == 'officer_day' and s['assigned'][0]['staff_id'] != a)
        b = target['assigned'][0]['staff_id']

        swap = self.json('roster', 'swap', '--shift-a', '2026-03-02/officer_day', '--staff-a', a,
                         '--shift-b', target['id'], '--staff-b', b, '--asked-by', '张三', '--approved-by', '科长')
        self.assertRegex(swap['id'], UUID_RE)
        self.assertEqual((swap['asked_by'], swap['approved_by']), ('张三', '科长'))
        self.assertRegex(swap['at'], RFC3339_RE)
        after = {s['id']: s for s in self.show('2026-03-01', '2026-03-07')}
        self.assertEqual(after['2026-03-02/officer_day']['assigned'][0]['staff_id'], b)
        self.assertEqual(after[target['id']]['assigned'][0]['staff_id'], a)
        self.assertIn('swap', self.outbox_kinds())

        lock = self.json('roster', 'lock', '--shift', '2026-03-02/officer_day')
        self.assertEqual(lock, {'shift_id': '2026-03-02/officer_day', 'locked': True, 'changed': 1})
        self.assertIs(self.show('2026-03-02', '2026-03-02')[1]['assigned'][0]['locked'], True)

        # full shift: refused; replace in one step; problems reported
        leader = self.ids['领导甲']
        self.fails(2, 'roster', 'assign', '--shift', '2026-03-03/officer_day', '--staff', leader)
        current = after['2026-03-03/officer_day']['assigned'][0]['staff_id']
        res = self.json('roster', 'assign', '--shift', '2026-03-03/officer_day', '--staff', leader,
                        '--replace', current)
        self.assertIn('role_mismatch', [p['kind'] for p in res['problems']])
        self.fails(2, 'roster', 'assign', '--shift', '2026-03-03/nonsense', '--staff', leader)
        self.fails(2, 'roster', 'assign', '--shift', 'garbage', '--staff', leader)
        self.fails(2, 'roster', 'assign', '--shift', '2026-03-03/officer_day')
        self.fails(2, 'roster', 'unassign', '--shift', '2026-03-03/officer_day', '--staff', current)
        self.fails(2, 'roster', 'swap', '--shift-a', '2026-03-02/officer_day', '--staff-a', b,
                   '--shift-b', target['id'], '--staff-b', a, '--asked-by', '张三')

        # generation keeps what people made and locked
        self.generate('2026-03-01', '2026-03-07', '99')
        kept = {s['id']: s for s in self.show('2026-03-01', '2026-03-07')}
        self.assertEqual(kept['2026-03-03/officer_day']['assigned'][0]['staff_id'], leader)
        self.assertEqual(kept['2026-03-02/officer_day']['assigned'][0]['staff_id'], b)

    def test_mark_and_diff(self):
        self.generate('2026-04-01', '2026-04-30')
        self.fails(1, 'roster', 'diff', '--month', '2026-04')
        checked = self.json('roster', 'mark', '--month', '2026-04', '--checked', '--by', '王科长')
        self.assertEqual((checked['kind'], checked['by'], checked['version']), ('checked', '王科长', 1))
        submitted = self.json('roster', 'mark', '--month', '2026-04', '--submitted', '--by', '王科长')
        self.assertEqual((submitted['kind'], submitted['version'], submitted['month']), ('submitted', 1, '2026-04'))
        self.assertRegex(submitted['at'], RFC3339_RE)
        self.assertEqual(self.json('roster', 'diff', '--month', '2026-04')['changes'], [])

        shift = self.show('2026-04-15', '2026-04-15')[2]
        old = shift['assigned'][0]
        new = next(self.ids[n] for n in OFFICERS if self.ids[n] != old['staff_id'])
        self.ok('roster', 'assign', '--shift', shift['id'], '--staff', new, '--replace', old['staff_id'])
        diff = self.json('roster', 'diff', '--month', '2026-04')
        self.assertEqual(diff['version'], 2)
        self.assertIs(diff['changed'], True)
        self.assertEqual(diff['submitted']['version'], 1)
        self.assertEqual(len(diff['changes']), 1)
        change = diff['changes'][0]
        self.assertEqual(change['shift_id'], shift['id'])
        self.assertEqual([p['staff_id'] for p in change['before']], [old['staff_id']])
        self.assertEqual([p['staff_id'] for p in change['after']], [new])
        self.assertEqual(change['before'][0]['name'], old['name'])
        again = self.json('roster', 'mark', '--month', '2026-04', '--submitted')
        self.assertEqual(again['version'], 2)
        self.assertIn('roster_mark', self.outbox_kinds())
        self.fails(2, 'roster', 'mark', '--month', '2026-13', '--checked')
        self.fails(2, 'roster', 'mark', '--month', '2026-04')
        self.fails(2, 'roster', 'mark', '--month', '2026-04', '--checked', '--submitted')

    def test_oncall(self):
        self.generate('2026-05-01', '2026-05-03')
        shifts = {s['id']: s for s in self.show('2026-05-02', '2026-05-02')}
        result = self.json('oncall', '--at', '2026-05-02T10:00')
        self.assertEqual(result['at'], '2026-05-02T10:00:00+08:00')
        self.assertEqual(len(result['leaders']), 1)
        self.assertEqual(len(result['officers']), 1)
        for entry in result['leaders'] + result['officers']:
            self.assertTrue(ONCALL_KEYS <= set(entry), entry)
            self.assertTrue(entry['phone'].startswith('13'))
        self.assertEqual(result['officers'][0]['staff_id'],
                         shifts['2026-05-02/officer_day']['assigned'][0]['staff_id'])
        self.assertEqual(result['officers'][0]['end'], '2026-05-02T17:30:00+08:00')
        self.assertEqual(result['until'], '2026-05-02T17:30:00+08:00')
        self.assertEqual(result['next']['officers'][0]['staff_id'],
                         shifts['2026-05-02/officer_night']['assigned'][0]['staff_id'])
        # an offset is honoured: 02:00 UTC is 10:00 in Beijing
        self.assertEqual(self.json('oncall', '--at', '2026-05-02T02:00:00Z')['at'], '2026-05-02T10:00:00+08:00')
        self.fails(2, 'oncall', '--at', 'tomorrow')

    def test_bad_input_writes_nothing(self):
        self.fails(2, 'roster', 'generate', '--from', '2026-03-01')
        self.fails(2, 'roster', 'generate', '--from', '2026-03-01', '--to', '2026-02-30')
        self.fails(2, 'roster', 'generate', '--from', '2026-03-01', '--to', '2026-03-02', '--seed', 'x')
        self.fails(2, 'roster', 'show', '--from', '2026-03-05', '--to', '2026-03-01')
        self.fails(2, 'roster', 'frobnicate')
        self.fails(2, 'roster', 'export', '--from', '2026-03-01', '--to', '2026-03-02', '--format', 'xls',
                   '-o', os.path.join(self.tmp, 'x'))


# ------------------------------------------------------------------ export

def unfold(text):
    return re.sub(r'\r\n[ \t]', '', text).split('\r\n')


class ExportTests(RosterTestCase):
    def setUp(self):
        super().setUp()
        self.generate('2026-02-14', '2026-02-16')
        self.shifts = self.show('2026-02-14', '2026-02-16')

    def test_csv(self):
        path = os.path.join(self.tmp, 'roster.csv')
        self.ok('roster', 'export', '--from', '2026-02-14', '--to', '2026-02-16', '--format', 'csv', '-o', path)
        with open(path, 'rb') as f:
            data = f.read()
        self.assertTrue(data.startswith(b'\xef\xbb\xbf'))
        rows = list(csv.reader(io.StringIO(data.decode('utf-8-sig'))))
        header, body = rows[0], rows[1:]
        self.assertEqual(header[:3], ['Date', 'Weekday', 'Shift'])
        self.assertEqual(len(body), len(self.shifts))
        expected = {(s['id'], a['name']) for s in self.shifts for a in s['assigned']}
        self.assertEqual({(r[2], r[7]) for r in body}, expected)
        self.assertEqual(body[0][0], '2026-02-14')
        self.assertEqual(body[0][1], 'Saturday')
        self.assertTrue(all(r[8].startswith('13') for r in body))

    def test_ics(self):
        path = os.path.join(self.tmp, 'roster.ics')
        self.ok('roster', 'export', '--from', '2026-02-14', '--to', '2026-02-16', '--format', 'ics', '-o', path)
        with open(path, encoding='utf-8', newline='') as f:
            lines = unfold(f.read())
        self.assertEqual(lines[0], 'BEGIN:VCALENDAR')
        events, current = [], None
        for line in lines:
            if line == 'BEGIN:VEVENT':
                current = []
            elif line == 'END:VEVENT':
                events.append(current)
                current = None
            elif current is not None:
                current.append(line)
        self.assertEqual(len(events), len(self.shifts))
        by_uid = {}
        for event in events:
            props = {}
            for line in event:
                name, _, value = line.partition(':')
                props.setdefault(name.split(';')[0], []).append((name, value))
            by_uid[props['UID'][0][1].split('@')[0]] = props
        for shift in self.shifts:
            props = by_uid[shift['id']]
            attendees = props['ATTENDEE']
            self.assertEqual(len(attendees), 1)
            params, value = attendees[0]
            person = shift['assigned'][0]
            self.assertEqual(value, 'urn:uuid:' + person['staff_id'])
            self.assertIn('CN=' + person['name'], params)
            self.assertIn('DTSTART', props)
            self.assertIn('DTEND', props)
        night = by_uid['2026-02-15/officer_night']
        self.assertEqual(night['DTSTART'][0][1], '20260215T093000Z')
        self.assertEqual(night['DTEND'][0][1], '20260216T003000Z')

        # libical itself reads the file: no parse errors, one event per
        # shift, the person as attendee, Beijing 17:30 as 09:30 UTC.
        read = subprocess.run([READ_ICS, path], capture_output=True, text=True)
        self.assertEqual(read.returncode, 0, read.stderr)
        parsed = {}
        for line in read.stdout.splitlines():
            uid, start, end, *attendees = line.split('\t')
            parsed[uid.split('@')[0]] = (start, end, attendees)
        self.assertEqual(set(parsed), {s['id'] for s in self.shifts})
        for shift in self.shifts:
            person = shift['assigned'][0]
            self.assertEqual(parsed[shift['id']][2], [person['name'] + '|urn:uuid:' + person['staff_id']])
        self.assertEqual(parsed['2026-02-15/officer_night'][:2], ('20260215T093000Z', '20260216T003000Z'))

    def test_pdf(self):
        path = os.path.join(self.tmp, 'roster.pdf')
        self.ok('roster', 'export', '--from', '2026-02-14', '--to', '2026-02-16', '--format', 'pdf', '-o', path)
        with open(path, 'rb') as f:
            self.assertTrue(f.read(5) == b'%PDF-')
        # The printed table names every person on the roster.
        text = subprocess.run(['pdftotext', '-layout', path, '-'], capture_output=True,
                              text=True, check=True).stdout
        for shift in self.shifts:
            for person in shift['assigned']:
                self.assertIn(person['name'], text)


def main():
    global DUTYCTL, SOURCE_ROOT, READ_ICS
    parser = argparse.ArgumentParser()
    parser.add_argument('--dutyctl', required=True)
    parser.add_argument('--read-ics', required=True)
    parser.add_argument('--source-root', required=True)
    args, rest = parser.parse_known_args()
    DUTYCTL = os.path.abspath(args.dutyctl)
    READ_ICS = os.path.abspath(args.read_ics)
    SOURCE_ROOT = os.path.abspath(args.source_root)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == '__main__':
    main()
