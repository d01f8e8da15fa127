#!/usr/bin/python3
# test-incident.py: dutyctl grade, incident and search (issue 4), and log,
# instruction, call, handover and daily-report, as real processes on fresh
# folders.
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run by meson:
#   test-incident.py --dutyctl PATH [unittest args…]

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

RFC3339_RE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$')
NUMBER_RE = re.compile(r'^520102-\d{8}-\d{4}$')
INCIDENT_KEYS = {'id', 'number', 'grade', 'computed_grade', 'basis', 'deadlines'}
DEADLINE_KEYS = {'incident_id', 'number', 'step', 'grade', 'due', 'status', 'met_at'}
RESULT_KEYS = {'kind', 'id', 'incident_id', 'text', 'at'}


class IncidentTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='dutyctl-incident-')
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.db = os.path.join(self.tmp, 'desk.db')
        self.json('init', '--unit-code', '520102', '--regime', '7x24')

    def env(self):
        env = dict(os.environ)
        env['LC_ALL'] = 'C.UTF-8'
        env.pop('LANGUAGE', None)
        env['DUTY_DESK_DB'] = os.path.join(self.tmp, 'never-used.db')
        env['XDG_DATA_HOME'] = os.path.join(self.tmp, 'xdg-data')
        return env

    def run_dutyctl(self, *args):
        return subprocess.run([DUTYCTL, '--db', self.db] + list(args), capture_output=True,
                              env=self.env(), timeout=120)

    def ok(self, *args):
        res = self.run_dutyctl(*args)
        self.assertEqual(res.returncode, 0, 'dutyctl %r failed: %s'
                         % (args, res.stderr.decode(errors='replace')))
        return res

    def json(self, *args):
        res = self.ok(*args, '--json')
        return json.loads(res.stdout.decode('utf-8'))

    def journal(self):
        with sqlite3.connect(self.db) as db:
            audit = db.execute('SELECT count(*) FROM audit_journal').fetchone()[0]
            outbox = db.execute('SELECT count(*) FROM sync_outbox').fetchone()[0]
            events = db.execute('SELECT count(*) FROM incident_events').fetchone()[0]
        return audit, outbox, events

    def fails(self, status, *args):
        """A command that must fail with @status, one error line, and write nothing."""
        before = self.journal()
        res = self.run_dutyctl(*args)
        err = res.stderr.decode('utf-8')
        self.assertEqual(res.returncode, status, 'dutyctl %r: expected %d, got %d: %s'
                         % (args, status, res.returncode, err))
        self.assertTrue(err.startswith('dutyctl: '), err)
        self.assertEqual(res.stdout, b'')
        self.assertEqual(self.journal(), before, 'dutyctl %r wrote something' % (args,))
        return err

    def log(self, *extra, received='2026-07-01T10:00', summary='花溪区发生山体滑坡'):
        return self.json('incident', 'log', '--received-at', received, '--subtype', 'natural.geological',
                         '--summary', summary, *extra)

    def deadlines(self, at):
        return self.json('incident', 'deadlines', '--at', at)['deadlines']


class GradeTests(IncidentTestCase):
    def grade(self, subtype, *facts):
        return self.json('grade', '--subtype', subtype, *facts)

    def test_shape(self):
        res = self.grade('natural.geological', '--deaths', '3')
        self.assertTrue({'grade', 'manual_required', 'basis'} <= set(res))
        self.assertEqual(res['grade'], 'III')
        self.assertFalse(res['manual_required'])
        self.assertEqual(res['basis'][0]['criterion'], 'deaths')

    def test_geological_boundaries(self):
        for deaths, grade in (('2', 'IV'), ('3', 'III'), ('9', 'III'), ('10', 'II'), ('29', 'II'), ('30', 'I')):
            self.assertEqual(self.grade('natural.geological', '--deaths', deaths)['grade'], grade, deaths)
        self.assertEqual(self.grade('natural.geological', '--threatened', '99')['grade'], 'IV')
        self.assertEqual(self.grade('natural.geological', '--threatened', '100')['grade'], 'III')

    def test_forest_fire_and_highest_wins(self):
        self.assertEqual(self.grade('natural.forest_fire', '--area-ha', '0.5')['grade'], 'IV')
        self.assertEqual(self.grade('natural.forest_fire', '--area-ha', '1')['grade'], 'III')
        self.assertEqual(self.grade('natural.forest_fire', '--area-ha', '100')['grade'], 'II')
        res = self.grade('natural.forest_fire', '--area-ha', '1', '--deaths', '10')
        self.assertEqual(res['grade'], 'II')
        self.assertEqual(res['basis'][0]['grade'], 'II')

    def test_manual(self):
        res = self.grade('social.mass_incident')
        self.assertIsNone(res['grade'])
        self.assertTrue(res['manual_required'])
        self.assertEqual(res['basis'], [])

    def test_bad_input(self):
        self.fails(2, 'grade', '--subtype', 'natural.geological', '--deaths', '-1', '--json')
        self.fails(2, 'grade', '--subtype', 'natural.geological', '--deaths', 'many', '--json')
        self.fails(2, 'grade', '--subtype', 'no.such', '--json')
        self.fails(2, 'grade', '--deaths', '3', '--json')
        self.fails(2, 'grade', '--subtype', 'natural.earthquake', '--density', 'sparse', '--json')


class IncidentTests(IncidentTestCase):
    def test_log_shape_and_numbers(self):
        first = self.log('--deaths', '10', '--location', '花溪区', '--caller', '张三', '--channel', 'phone')
        self.assertTrue(INCIDENT_KEYS <= set(first), first)
        self.assertEqual(first['number'], '520102-20260701-0001')
        self.assertEqual(first['grade'], 'II')
        self.assertEqual(first['computed_grade'], 'II')
        self.assertEqual(len(first['deadlines']), 1)
        self.assertTrue(DEADLINE_KEYS <= set(first['deadlines'][0]))
        second = self.log(received='2026-07-01T23:59')
        self.assertEqual(second['number'], '520102-20260701-0002')
        third = self.log(received='2026-07-02T00:01')
        self.assertEqual(third['number'], '520102-20260702-0001')
        self.assertEqual(second['grade'], 'IV')

    def test_report_province_clock(self):
        inc = self.log('--deaths', '10')
        number = inc['number']
        self.assertEqual([d['status'] for d in self.deadlines('2026-07-01T10:09:59')], ['pending'])
        # Due soon from 10 minutes before due (a quarter of 20 is 5, the shorter).
        self.assertEqual(self.deadlines('2026-07-01T10:14:59')[0]['status'], 'pending')
        clock = self.deadlines('2026-07-01T10:15')[0]
        self.assertEqual(clock['status'], 'due_soon')
        self.assertEqual(clock['due'], '2026-07-01T10:20:00+08:00')
        self.assertEqual(clock['step'], 'report_province')
        self.assertEqual(clock['grade'], 'II')
        self.assertEqual(clock['number'], number)
        self.assertIsNone(clock['met_at'])
        self.assertEqual(self.deadlines('2026-07-01T10:20')[0]['status'], 'due_soon')
        self.assertEqual(self.deadlines('2026-07-01T10:20:01')[0]['status'], 'overdue')
        # Met by a report in time.
        rep = self.json('incident', 'report', number, '--kind', 'initial', '--to', 'province',
                        '--channel', 'phone', '--at', '2026-07-01T10:18', '--by', '张三')
        self.assertTrue(INCIDENT_KEYS <= set(rep))
        clock = self.deadlines('2026-07-01T11:00')[0]
        self.assertEqual(clock['status'], 'met')
        self.assertEqual(clock['met_at'], '2026-07-01T10:18:00+08:00')

    def test_late_report_needs_reason(self):
        inc = self.log('--deaths', '10')
        err = self.fails(2, 'incident', 'report', inc['id'], '--kind', 'initial', '--to', 'province',
                         '--channel', 'phone', '--at', '2026-07-01T10:30', '--json')
        self.assertIn('late', err)
        self.json('incident', 'report', inc['id'], '--kind', 'initial', '--to', 'province',
                  '--channel', 'phone', '--at', '2026-07-01T10:30', '--reason', '通信中断')
        clock = self.deadlines('2026-07-01T11:00')[0]
        self.assertEqual(clock['status'], 'late')

    def test_update_upgrades(self):
        inc = self.log('--deaths', '1')
        self.assertEqual(inc['grade'], 'IV')
        self.assertEqual(inc['deadlines'], [])
        up = self.json('incident', 'update', inc['number'], '--received-at', '2026-07-01T11:00',
                       '--deaths', '12', '--text', '又发现11人遇难')
        self.assertEqual(up['grade'], 'II')
        self.assertEqual(up['deadlines'][0]['due'], '2026-07-01T11:20:00+08:00')
        self.fails(2, 'incident', 'update', inc['number'], '--received-at', '2026-07-01T11:00', '--json')

    def test_regrade_and_show(self):
        inc = self.log('--deaths', '1')
        res = self.json('incident', 'regrade', inc['id'], '--grade', 'II', '--reason', '社会影响大',
                        '--at', '2026-07-01T10:05')
        self.assertEqual(res['grade'], 'II')
        self.assertEqual(res['computed_grade'], 'IV')
        self.assertEqual(res['deadlines'][0]['due'], '2026-07-01T10:25:00+08:00')
        shown = self.json('incident', 'show', inc['number'])
        self.assertEqual([e['kind'] for e in shown['events']], ['log', 'regrade'])
        self.assertEqual(len(shown['calls']), 1)
        self.fails(2, 'incident', 'regrade', inc['id'], '--grade', 'V', '--reason', 'x', '--json')
        self.fails(2, 'incident', 'regrade', inc['id'], '--grade', 'I', '--json')

    def test_log_with_grade(self):
        inc = self.json('incident', 'log', '--received-at', '2026-07-01T10:00', '--subtype',
                        'social.mass_incident', '--summary', '群体性上访', '--grade', 'III',
                        '--reason', '人数较多')
        self.assertEqual(inc['grade'], 'III')
        self.assertIsNone(inc['computed_grade'])
        self.fails(2, 'incident', 'log', '--received-at', '2026-07-01T10:00', '--subtype',
                   'social.mass_incident', '--summary', 'x', '--grade', 'III', '--json')

    def test_list_close_and_filters(self):
        a = self.log(received='2026-07-01T10:00')
        b = self.log(received='2026-07-02T10:00')
        c = self.log(received='2026-07-03T10:00')
        res = self.json('incident', 'list')
        self.assertEqual([i['number'] for i in res['incidents']], [c['number'], b['number'], a['number']])
        self.ok('incident', 'close', b['number'], '--at', '2026-07-02T12:00')
        opened = self.json('incident', 'list', '--open')['incidents']
        self.assertEqual([i['id'] for i in opened], [c['id'], a['id']])
        ranged = self.json('incident', 'list', '--from', '2026-07-02', '--to', '2026-07-03')['incidents']
        self.assertEqual([i['id'] for i in ranged], [c['id'], b['id']])
        self.assertEqual(len(self.json('incident', 'list', '--limit', '1')['incidents']), 1)
        self.fails(2, 'incident', 'list', '--from', '2026-07-05', '--to', '2026-07-01', '--json')
        # deadlines skip closed incidents unless --all.
        self.json('incident', 'regrade', b['id'], '--grade', 'II', '--reason', 'x', '--at', '2026-07-02T10:00')
        self.assertEqual(self.deadlines('2026-07-02T10:05'), [])
        every = self.json('incident', 'deadlines', '--at', '2026-07-02T10:05', '--all')['deadlines']
        self.assertEqual([d['incident_id'] for d in every], [b['id']])

    def test_draft(self):
        inc = self.log('--deaths', '10', '--location', '花溪区')
        res = self.ok('incident', 'draft', inc['number'], '--kind', 'initial')
        text = res.stdout.decode('utf-8')
        self.assertIn('初报', text)
        self.assertIn('花溪区', text)
        self.assertIn(inc['number'], text)

    def test_draft_pdf(self):
        inc = self.log('--deaths', '10', '--location', '花溪区')
        path = os.path.join(self.tmp, 'draft.pdf')
        self.ok('incident', 'draft', inc['number'], '--kind', 'initial', '-o', path)
        with open(path, 'rb') as f:
            self.assertEqual(f.read(5), b'%PDF-')
        res = subprocess.run(['pdftotext', '-q', '-enc', 'UTF-8', path, '-'], capture_output=True,
                             timeout=60, check=True)
        # pdftotext may break a long line anywhere: compare without blanks
        text = re.sub(r'\s+', '', res.stdout.decode('utf-8'))
        for element in ('关于花溪区发生', '初报', inc['number'], '接报时间', '事发时间', '地点',
                        '信息来源', '事件性质', '影响范围', '伤亡和损失', '死亡10人', '发展趋势',
                        '已采取措施', '领导到位情况', '报告单位', '值班人员', '带班领导',
                        'Page1of1'):
            self.assertIn(element, text)
        self.fails(2, 'incident', 'draft', inc['number'], '--kind', 'sideways', '-o', path)

    def test_elements(self):
        inc = self.log('--location', '花溪区', '--division', '520111', '--occurred-at', '2026-07-01T09:40',
                       '--source', '花溪区应急局电话报告', '--scope', '2个村组', '--description', '山体滑坡掩埋民房')
        shown = self.json('incident', 'show', inc['number'])
        self.assertEqual(shown['occurred_at'], '2026-07-01T09:40:00+08:00')
        self.assertEqual(shown['division'], '520111')
        self.assertEqual(shown['description'], '山体滑坡掩埋民房')
        self.assertEqual(shown['texts']['source'], '花溪区应急局电话报告')
        self.assertEqual(shown['texts']['scope'], '2个村组')
        # An update gives only the elements that changed.
        self.json('incident', 'update', inc['number'], '--received-at', '2026-07-01T11:00',
                  '--occurred-at', '2026-07-01T09:30', '--location', '花溪区青岩镇', '--division', '520111',
                  '--scope', '3个村组，受灾群众120人', '--trend', '险情趋于稳定', '--measures', '转移群众，封闭道路',
                  '--leaders', '区长张三到场指挥', '--source', '现场工作组')
        shown = self.json('incident', 'show', inc['number'])
        self.assertEqual([e['kind'] for e in shown['events']], ['log', 'update'])
        self.assertEqual(shown['occurred_at'], '2026-07-01T09:30:00+08:00')
        self.assertEqual(shown['location'], '花溪区青岩镇')
        self.assertEqual(shown['description'], '山体滑坡掩埋民房')
        self.assertEqual(shown['texts'], {
            'description': '山体滑坡掩埋民房', 'location': '花溪区青岩镇', 'division': '520111',
            'source': '现场工作组', 'scope': '3个村组，受灾群众120人', 'trend': '险情趋于稳定',
            'measures': '转移群众，封闭道路', 'leaders': '区长张三到场指挥'})
        text = self.ok('incident', 'draft', inc['number'], '--kind', 'followup').stdout.decode('utf-8')
        for label, value in (('事发时间', '09时30分'), ('地点', '花溪区青岩镇'), ('信息来源', '现场工作组'),
                             ('影响范围', '3个村组，受灾群众120人'), ('发展趋势', '险情趋于稳定'),
                             ('已采取措施', '转移群众，封闭道路'), ('领导到位情况', '区长张三到场指挥')):
            line = next((l for l in text.splitlines() if l.startswith(label)), None)
            self.assertIsNotNone(line, label)
            self.assertIn(value, line)

    def test_elements_bad_division(self):
        inc = self.log()
        err = self.fails(2, 'incident', 'update', inc['number'], '--received-at', '2026-07-01T11:00',
                         '--division', '999999', '--scope', 'x', '--json')
        self.assertIn('999999', err)
        self.fails(2, 'incident', 'log', '--received-at', '2026-07-01T10:00', '--subtype',
                   'natural.geological', '--summary', 'x', '--division', '5201', '--json')
        self.fails(2, 'incident', 'update', inc['number'], '--received-at', '2026-07-01T11:00',
                   '--occurred-at', 'yesterday', '--json')
        self.fails(2, 'incident', 'update', inc['number'], '--received-at', '2026-07-01T11:00', '--json')
        self.assertEqual(len(self.json('incident', 'show', inc['number'])['events']), 1)

    def test_bad_input_writes_nothing(self):
        self.fails(2, 'incident', 'log', '--subtype', 'natural.geological', '--summary', 'x', '--json')
        self.fails(2, 'incident', 'log', '--received-at', 'yesterday', '--subtype', 'natural.geological',
                   '--summary', 'x', '--json')
        self.fails(2, 'incident', 'log', '--received-at', '2026-07-01T10:00', '--subtype', 'no.such',
                   '--summary', 'x', '--json')
        self.fails(2, 'incident', 'log', '--received-at', '2026-07-01T10:00', '--subtype',
                   'natural.geological', '--summary', 'x', '--channel', 'pigeon', '--json')
        self.fails(1, 'incident', 'show', '520102-20990101-0001', '--json')
        self.fails(2, 'incident', 'report', 'x', '--kind', 'initial', '--to', 'province', '--json')


class SearchTests(IncidentTestCase):
    def test_search_chinese(self):
        a = self.log(summary='花溪区发生山体滑坡')
        self.log(summary='居民楼火灾', received='2026-07-01T11:00')
        res = self.json('search', '滑坡')
        self.assertTrue(res['results'])
        for hit in res['results']:
            self.assertEqual(set(hit), RESULT_KEYS)
            self.assertEqual(hit['incident_id'], a['id'])
            self.assertRegex(hit['at'], RFC3339_RE)
        calls = self.json('search', '山体滑坡', '--kind', 'call')['results']
        self.assertEqual([h['kind'] for h in calls], ['call'])
        self.assertEqual(self.json('search', '地震')['results'], [])
        self.assertEqual(len(self.json('search', '区', '--limit', '1')['results']), 1)
        self.assertEqual(self.json('search', '滑坡', '--kind', 'log')['results'], [])
        self.assertEqual(self.json('search', '滑坡', '--kind', 'instruction')['results'], [])
        self.fails(2, 'search', '滑坡', '--kind', 'memo', '--json')
        self.fails(2, 'search', '--json')

    def test_search_filters(self):
        geo = self.log('--division', '520111', '--deaths', '3')
        fire = self.json('incident', 'log', '--received-at', '2026-07-03T08:00', '--subtype', 'accident.fire',
                         '--summary', '南明区居民楼火灾，已有人员受伤', '--division', '520102')
        self.ok('incident', 'close', fire['number'], '--at', '2026-07-03T12:00', '--reason', '处置完毕', '--json')

        def incidents(*args):
            return {h['incident_id'] for h in self.json('search', *args)['results']}

        # 区 is in both; each filter keeps what it names.
        self.assertEqual(incidents('区'), {geo['id'], fire['id']})
        self.assertEqual(incidents('区', '--grade', 'III'), {geo['id']})
        self.assertEqual(incidents('区', '--grade', '4'), {fire['id']})
        self.assertEqual(incidents('区', '--grade', 'I'), set())
        self.assertEqual(incidents('区', '--category', 'accident'), {fire['id']})
        self.assertEqual(incidents('区', '--category', 'natural', '--status', 'open'), {geo['id']})
        self.assertEqual(incidents('区', '--status', 'closed'), {fire['id']})
        self.assertEqual(incidents('区', '--division', '520100'), {geo['id'], fire['id']})
        self.assertEqual(incidents('区', '--division', '520111'), {geo['id']})
        self.assertEqual(incidents('区', '--division', '520300'), set())
        self.assertEqual(incidents('区', '--from', '2026-07-02'), {fire['id']})
        self.assertEqual(incidents('区', '--to', '2026-07-01'), {geo['id']})
        self.assertEqual(incidents('区', '--from', '2026-07-01', '--to', '2026-07-01',
                                   '--category', 'accident'), set())
        for hit in self.json('search', '人员受伤', '--from', '2026-07-03', '--to', '2026-07-03')['results']:
            self.assertEqual(hit['incident_id'], fire['id'])
            self.assertTrue(hit['at'].startswith('2026-07-03T'))

        for args, word in ((['--grade', 'V'], '--grade'), (['--status', 'pending'], '--status'),
                           (['--category', 'weather'], '--category'), (['--division', '999999'], '--division'),
                           (['--from', '2026-13-01'], '--from'), (['--to', 'yesterday'], '--to'),
                           (['--from', '2026-07-02', '--to', '2026-07-01'], '--from')):
            with self.subTest(args=args):
                err = self.fails(2, 'search', '区', *args, '--json')
                self.assertIn(word, err)


LOG_KEYS = {'id', 'at', 'text', 'incident_id', 'author'}
INSTRUCTION_KEYS = {'id', 'text', 'by', 'at', 'incident_id', 'feedback_due', 'status', 'done_at', 'reason'}
ITEM_KEYS = {'id', 'kind', 'ref_id', 'title', 'detail', 'due', 'status', 'acknowledged', 'acked_by', 'acked_at'}


class DutyLogTests(IncidentTestCase):
    def items(self, at):
        return self.json('handover', 'show', '--at', at)['items']

    def call_id(self, number):
        return self.json('incident', 'show', number)['calls'][0]['id']

    def test_log(self):
        a = self.log()
        entry = self.json('log', 'add', '--text', '巡查通讯设备', '--incident', a['number'],
                          '--at', '2026-07-01T10:05', '--by', '李四')
        self.assertEqual(set(entry), LOG_KEYS)
        self.assertEqual(entry['incident_id'], a['id'])
        self.assertEqual(entry['at'], '2026-07-01T10:05:00+08:00')
        self.json('log', 'add', '--text', '凌晨巡查', '--at', '2026-07-02T08:29')
        self.json('log', 'add', '--text', '接班', '--at', '2026-07-02T08:30')
        # the duty day 2026-07-01 runs from 08:30 to 08:30 the next day
        day = self.json('log', 'list', '--from', '2026-07-01', '--to', '2026-07-01')['entries']
        self.assertEqual([e['text'] for e in day], ['巡查通讯设备', '凌晨巡查'])
        self.assertEqual(len(self.json('log', 'list')['entries']), 3)
        hits = self.json('search', '通讯设备', '--kind', 'log')['results']  # needs 0006's search kinds
        self.assertEqual([h['id'] for h in hits], [entry['id']])

    def test_log_bad_input(self):
        self.log()
        self.fails(2, 'log', 'add', '--json')
        self.fails(2, 'log', 'add', '--text', '  ', '--json')
        self.fails(2, 'log', 'add', '--text', 'x', '--at', 'yesterday', '--json')
        self.fails(2, 'log', 'add', '--text', 'x', '--incident', '520102-20260701-0099', '--json')
        self.fails(2, 'log', 'list', '--from', '2026-07-01', '--json')

    def test_instruction(self):
        ins = self.json('instruction', 'add', '--text', '请核实伤亡情况', '--by', '张副省长',
                        '--at', '2026-07-01T10:00', '--feedback-due', '2026-07-01T11:00')
        self.assertEqual(set(ins), INSTRUCTION_KEYS)
        self.assertEqual(ins['status'], 'pending')
        by_at = {at: self.json('instruction', 'list', '--at', at)['instructions'][0]['status']
                 for at in ('2026-07-01T10:49:59', '2026-07-01T10:50', '2026-07-01T11:00',
                            '2026-07-01T11:00:01')}
        self.assertEqual(by_at, {'2026-07-01T10:49:59': 'pending', '2026-07-01T10:50': 'due_soon',
                                 '2026-07-01T11:00': 'due_soon', '2026-07-01T11:00:01': 'overdue'})
        err = self.fails(2, 'instruction', 'done', ins['id'], '--at', '2026-07-01T11:05', '--json')
        self.assertIn('reason', err)
        done = self.json('instruction', 'done', ins['id'], '--at', '2026-07-01T11:05', '--reason', '领导外出')
        self.assertEqual(done['status'], 'late')
        self.assertEqual(self.json('instruction', 'list', '--open', '--at', '2026-07-01T12:00')['instructions'], [])
        self.fails(2, 'instruction', 'done', ins['id'], '--reason', 'x', '--json')
        self.fails(2, 'instruction', 'done', 'nothing', '--json')
        self.fails(2, 'instruction', 'add', '--text', 'x', '--json')
        self.fails(2, 'instruction', 'add', '--text', 'x', '--by', 'y', '--at', '2026-07-01T10:00',
                   '--feedback-due', '2026-07-01T09:00', '--json')

    def test_handover_and_daily_report(self):
        a = self.log('--deaths', '12')
        call = self.call_id(a['number'])
        self.json('call', 'callback', call, '--due', '2026-07-01T12:00', '--at', '2026-07-01T10:02')
        self.json('instruction', 'add', '--text', '请核实伤亡情况', '--by', '张副省长', '--at', '2026-07-01T10:10')
        items = self.items('2026-07-01T10:30')
        for item in items:
            self.assertEqual(set(item), ITEM_KEYS)
        self.assertEqual([i['kind'] for i in items], ['incident', 'instruction', 'callback', 'unsynced'])
        self.assertEqual(items[0]['status'], 'overdue')

        # unacknowledged items: refused, exit 2, nothing written
        err = self.fails(2, 'handover', 'sign', '--outgoing', '李四', '--incoming', '王五',
                         '--at', '2026-07-01T10:30', '--json')
        self.assertIn('not acknowledged', err)
        self.fails(2, 'handover', 'ack', '--item', 'incident:nothing', '--by', '王五', '--json')
        for item in items:
            acked = self.json('handover', 'ack', '--item', item['id'], '--by', '王五', '--at', '2026-07-01T10:25')
            self.assertTrue(acked['acknowledged'])
        signed = self.json('handover', 'sign', '--outgoing', '李四', '--incoming', '王五', '--note', '续报跟进',
                           '--at', '2026-07-01T10:30')
        self.assertEqual(signed['incoming'], '王五')
        self.assertTrue(all(i['acknowledged'] for i in signed['items']))

        self.json('call', 'callback-done', call, '--at', '2026-07-01T10:40')
        self.fails(2, 'call', 'callback-done', call, '--json')
        self.fails(2, 'call', 'callback', call, '--json')
        self.assertNotIn('callback', [i['kind'] for i in self.items('2026-07-01T10:45')])

        pdf = os.path.join(self.tmp, 'handover.pdf')
        self.ok('handover', 'print', '-o', pdf, '--at', '2026-07-01T10:45')
        text = self.pdf_text(pdf)
        for part in ('交接班记录', 'Open items', 'Handover notes', 'Signatures', '520102-20260701-0001'):
            self.assertIn(part, text)

        report = self.json('daily-report', '--date', '2026-07-01', '--at', '2026-07-01T12:00')
        self.assertEqual(report['from'], '2026-07-01T08:30:00+08:00')
        self.assertEqual(report['calls'], 1)
        self.assertEqual(report['calls_by_channel']['phone'], 1)
        self.assertEqual(report['incidents_by_category']['natural']['II'], 1)
        self.assertEqual(report['deadlines']['overdue'], 1)
        self.assertEqual([h['note'] for h in report['handovers']], ['续报跟进'])
        self.assertEqual(self.json('daily-report', '--date', '2026-06-30')['calls'], 0)

        pdf = os.path.join(self.tmp, 'daily.pdf')
        self.ok('daily-report', '--date', '2026-07-01', '--at', '2026-07-01T12:00', '-o', pdf)
        text = self.pdf_text(pdf)
        for part in ('值班日报', 'Calls by channel', 'Incidents by category and grade',
                     'Reports and their timeliness', 'Leader instructions', 'Handover notes', '续报跟进'):
            self.assertIn(part, text)
        self.fails(2, 'daily-report', '--json')
        self.fails(2, 'daily-report', '--date', '2026-02-30', '--json')

    def pdf_text(self, path):
        res = subprocess.run(['pdftotext', '-layout', path, '-'], capture_output=True, check=True)
        return res.stdout.decode('utf-8')


def main():
    global DUTYCTL
    parser = argparse.ArgumentParser()
    parser.add_argument('--dutyctl', required=True)
    args, rest = parser.parse_known_args()
    DUTYCTL = os.path.abspath(args.dutyctl)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == '__main__':
    main()
