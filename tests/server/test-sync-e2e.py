#!/usr/bin/env python3
# test-sync-e2e.py: desks (the real dutyctl on real SQLite files) and a real
# duty-desk-server over loopback HTTP on a throw-away PostgreSQL (run it
# through with-pg.sh, which exports DD_PG_CONNINFO).
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

DUTYCTL = SERVER = DIVISIONS = None


class Server:
    """One duty-desk-server serving a fresh database of the test cluster."""

    def __init__(self, *serve_args, scheme='http'):
        # with-pg.sh made the cluster for this program alone
        self.conninfo = os.environ['DD_PG_CONNINFO']
        self.run('migrate')
        self.run('unit', 'import', DIVISIONS)
        self.process = subprocess.Popen([SERVER, '--database', self.conninfo, '--listen', '127.0.0.1:0']
                                        + list(serve_args),
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        assert line.startswith('duty-desk-server: listening on port '), line
        self.url = '%s://127.0.0.1:%d' % (scheme, int(line.split()[4]))

    def run(self, *args):
        res = subprocess.run([SERVER, '--database', self.conninfo] + list(args), capture_output=True,
                             text=True, timeout=60)
        if res.returncode != 0:
            raise AssertionError('duty-desk-server %r: %s' % (args, res.stderr))
        return res.stdout

    def held_pulls(self):
        with urllib.request.urlopen(self.url + '/metrics', timeout=10) as answer:
            for line in answer.read().decode().splitlines():
                if line.startswith('dd_pull_waiting '):
                    return int(float(line.split()[1]))
        raise AssertionError('no dd_pull_waiting in /metrics')

    def wait_for_held_pulls(self, n, seconds):
        """Asks /metrics until @n pulls are held, for at most @seconds."""
        deadline = time.monotonic() + seconds
        while self.held_pulls() < n:
            if time.monotonic() > deadline:
                raise AssertionError('no pull held after %d s' % seconds)

    def code(self, unit):
        return json.loads(self.run('enrol-code', '--unit', unit, '--json'))['code']

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()


class Desk:
    def __init__(self, tmp, name, unit, unit_name=None, extra_env=None):
        self.extra_env = extra_env or {'DUTY_DESK_SECRET_STORE': 'file'}
        self.dir = os.path.join(tmp, name)
        os.makedirs(self.dir)
        self.db = os.path.join(self.dir, 'desk.db')
        args = ['init', '--unit-code', unit]
        if unit_name:
            args += ['--unit-name', unit_name]
        self.ok(*args)

    def env(self):
        env = dict(os.environ)
        env['LC_ALL'] = 'C.UTF-8'
        env.pop('LANGUAGE', None)
        env['DUTY_DESK_DB'] = os.path.join(self.dir, 'never-used.db')
        env.update(self.extra_env)
        return env

    def run(self, *args):
        return subprocess.run([DUTYCTL, '--db', self.db] + list(args), capture_output=True,
                              env=self.env(), timeout=120)

    def ok(self, *args):
        res = self.run(*args)
        if res.returncode != 0:
            raise AssertionError('dutyctl %r: %s' % (args, res.stderr.decode()))
        return res.stdout.decode()

    def json(self, *args):
        return json.loads(self.ok(*(list(args) + ['--json'])))

    def fails(self, status, *args):
        res = self.run(*args)
        assert res.returncode == status, (args, res.returncode, res.stderr)
        return res.stderr.decode()

    def sql(self, query, *params):
        with sqlite3.connect(self.db) as db:
            return db.execute(query, params).fetchall()

    def enrol(self, server, unit):
        return self.json('enrol', '--server', server.url, '--code', server.code(unit))

    def start_sync(self, wait):
        """`dutyctl sync` running on: a round, then long polls of @wait s."""
        return Syncer(subprocess.Popen([DUTYCTL, '--db', self.db, 'sync', '--wait', str(wait), '--json'],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env()))


class Syncer:
    """A running `dutyctl sync --json`: its round reports as they come."""

    def __init__(self, process):
        self.process = process
        self.buffer = ''
        self.rounds = []

    def next_round(self, deadline):
        """The next round report, waiting on the pipe until @deadline."""
        decoder = json.JSONDecoder()
        while True:
            text = self.buffer.lstrip()
            if text:
                try:
                    report, end = decoder.raw_decode(text)
                    self.buffer = text[end:]
                    self.rounds.append(report)
                    return report
                except ValueError:
                    pass
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError('no sync round before the deadline')
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError('dutyctl sync ended: %s' % self.process.stderr.read().decode())
                self.buffer += chunk.decode()

    def wait_for(self, condition, seconds):
        """Round after round until @condition() holds, at most @seconds."""
        deadline = time.monotonic() + seconds
        while not condition():
            self.next_round(deadline)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        errors = self.process.stderr.read().decode()
        self.process.stdout.close()
        self.process.stderr.close()
        assert self.process.returncode == 0, errors


class SyncTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='dd-sync-e2e-')

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def log_grade_ii(self, desk, summary):
        return desk.json('incident', 'log', '--received-at', '2026-07-01T10:00',
                         '--subtype', 'natural.geological', '--summary', summary,
                         '--grade', 'II', '--reason', '省指挥部研判')

    def test_grade_ii_reaches_the_prefecture(self):
        county = Desk(self.tmp, 'county', '520102')
        prefecture = Desk(self.tmp, 'prefecture', '520100')
        outside = Desk(self.tmp, 'outside', '520201')

        # offline: logged, and nothing to sync with yet
        logged = self.log_grade_ii(county, '南明区山体滑坡')
        err = county.fails(1, 'sync', '--once', '--json')
        self.assertIn('not enrolled', err)
        self.assertGreater(county.sql("SELECT count(*) FROM sync_outbox WHERE state = 'pending'")[0][0], 0)

        enrolled = county.enrol(self.server, '520102')
        self.assertEqual(enrolled['unit'], '520102')
        self.assertEqual(os.stat(enrolled['secret_file']).st_mode & 0o777, 0o600)
        prefecture.enrol(self.server, '520100')
        outside.enrol(self.server, '520201')

        # online: everything goes up, applied
        pushed = county.json('sync', '--once')
        self.assertGreater(pushed['acks'].get('applied', 0), 0)
        self.assertEqual(set(pushed['acks']), {'applied'})
        self.assertEqual(pushed['rejected'], [])
        self.assertEqual(county.json('sync', 'status')['pending'], 0)
        # the documented counts
        self.assertEqual(pushed['pushed'], sum(pushed['acks'].values()))
        self.assertEqual(pushed['pulled'], len(pushed['changes']))
        self.assertEqual((pushed['conflicts'], pushed['pending'], pushed['state']), (0, 0, 'online'))

        # the prefecture has it, grade II, as an incident of its own list
        pulled = prefecture.json('sync', '--once')
        kinds = {(c['record_kind'], c['owner_unit']) for c in pulled['changes']}
        self.assertIn(('incident', '520102'), kinds)
        self.assertIn(('incident_event', '520102'), kinds)
        listed = prefecture.json('incident', 'list')['incidents']
        mine = [r for r in listed if r['id'] == logged['id']]
        self.assertEqual(len(mine), 1, listed)
        self.assertEqual(mine[0]['grade'], 'II')
        self.assertEqual(mine[0]['number'], logged['number'])
        # again: nothing new
        self.assertEqual(prefecture.json('sync', '--once')['changes'], [])
        self.assertTrue(prefecture.ok('audit', 'verify'))

        # a desk of another prefecture never sees it
        seen = outside.json('sync', '--once')
        self.assertNotIn('520102', {c['owner_unit'] for c in seen['changes']})
        self.assertEqual(outside.sql("SELECT count(*) FROM incidents WHERE owner_unit = '520102'")[0][0], 0)

        # the answer of a push was lost after the server committed: the
        # same ops go again and are acknowledged as duplicates
        n = county.sql("SELECT count(*) FROM sync_outbox WHERE state = 'acked'")[0][0]
        county.sql("UPDATE sync_outbox SET state = 'pending', result = NULL, server_seq = NULL"
                   " WHERE state = 'acked'")
        again = county.json('sync', '--once')
        self.assertEqual(again['acks'], {'duplicate': n})
        self.assertEqual(county.json('sync', 'status')['pending'], 0)

        # revoked: stopped at once, and told so
        self.server.run('desk', 'revoke', enrolled['desk_id'])
        self.log_grade_ii(county, '又一处滑坡')
        err = county.fails(1, 'sync', '--once', '--json')
        self.assertIn('revoked', err)
        self.assertGreater(county.json('sync', 'status')['pending'], 0)

    def test_duty_log_reaches_the_prefecture(self):
        county = Desk(self.tmp, 'county', '520122')
        prefecture = Desk(self.tmp, 'prefecture', '520100')
        county.enrol(self.server, '520122')
        prefecture.enrol(self.server, '520100')

        # the county's duty log, a leader's instruction, a call-back and a
        # signed handover, each item acknowledged
        logged = self.log_grade_ii(county, '息烽县山洪')
        entry = county.json('log', 'add', '--text', '巡查息烽水库溢洪道', '--incident', logged['number'],
                            '--by', '李四')
        given = county.json('instruction', 'add', '--text', '请核实下游群众转移情况', '--by', '县长',
                            '--incident', logged['number'])
        call = county.json('incident', 'show', logged['number'])['calls'][0]['id']
        county.json('call', 'callback', call, '--due', '2026-07-01T12:00', '--at', '2026-07-01T10:02')
        for item in county.json('handover', 'show')['items']:
            county.json('handover', 'ack', '--item', item['id'], '--by', '王五')
        signed = county.json('handover', 'sign', '--outgoing', '李四', '--incoming', '王五', '--note', '续报跟进')
        # a duty setting of the unit, as the shifts preferences write it
        county.sql("INSERT INTO sync_outbox (op_id, op, record_kind, record_id, hlc, payload, created_at)"
                   " VALUES ('01900000-0000-7000-8000-0000000000e7', 'insert', 'setting', 'min_rest_hours', 1,"
                   " '{\"key\":\"min_rest_hours\",\"value\":\"10\",\"owner_unit\":\"520122\"}', 1)")

        # every kind is one the server knows: nothing rejected, nothing parked
        sent = county.json('sync', '--once')
        self.assertEqual(sent['rejected'], [])
        self.assertEqual(set(sent['acks']), {'applied'}, sent)
        self.assertEqual(county.json('sync', 'parked'), [])
        self.assertEqual(county.json('sync', 'status')['pending'], 0)

        pulled = prefecture.json('sync', '--once')
        kinds = {c['record_kind'] for c in pulled['changes'] if c['owner_unit'] == '520122'}
        self.assertLessEqual({'log_entry', 'instruction', 'call_callback', 'handover_ack', 'handover',
                              'setting'}, kinds)
        self.assertEqual(prefecture.sql("SELECT record_kind, apply_error FROM sync_records"
                                        " WHERE apply_error IS NOT NULL"), [])
        entries = {e['id']: e for e in prefecture.json('log', 'list')['entries']}
        self.assertIn(entry['id'], entries)
        self.assertEqual(entries[entry['id']]['text'], '巡查息烽水库溢洪道')
        self.assertEqual(entries[entry['id']]['incident_id'], logged['id'])
        instructions = {i['id']: i for i in prefecture.json('instruction', 'list')['instructions']}
        self.assertIn(given['id'], instructions)
        self.assertEqual(instructions[given['id']]['by'], '县长')
        hits = prefecture.json('search', '溢洪道')['results']
        self.assertIn(entry['id'], {h['id'] for h in hits if h['kind'] == 'log'}, hits)
        self.assertEqual(prefecture.sql('SELECT note, owner_unit FROM handovers WHERE id = ?', signed['id']),
                         [('续报跟进', '520122')])
        # the county's acknowledgements and setting are the county's own
        self.assertEqual(prefecture.sql("SELECT count(*) FROM duty_setting WHERE owner_unit = '520122'"),
                         [(0,)])
        self.assertEqual(prefecture.json('sync', '--once')['changes'], [])

        # published downward: the prefecture's instruction about the
        # county's incident reaches the county, and its completion comes back
        down = prefecture.json('instruction', 'add', '--text', '市防指要求加密巡查', '--by', '市长',
                               '--incident', logged['number'])
        self.assertEqual(prefecture.json('sync', '--once')['rejected'], [])
        county.json('sync', '--once')
        at_county = {i['id']: i for i in county.json('instruction', 'list', '--open')['instructions']}
        self.assertIn(down['id'], at_county)
        self.assertEqual(at_county[down['id']]['incident_id'], logged['id'])
        county.json('instruction', 'done', down['id'])
        self.assertEqual(county.json('sync', '--once')['rejected'], [])
        prefecture.json('sync', '--once')
        self.assertNotIn(down['id'], {i['id'] for i in prefecture.json('instruction', 'list', '--open')['instructions']})
        for desk in (county, prefecture):
            self.assertEqual(desk.json('sync', 'parked'), [])
            self.assertTrue(desk.ok('audit', 'verify'))

    def test_concurrent_edits_conflict_on_both_sides(self):
        # two desks of one unit, offline, name their unit differently
        a = Desk(self.tmp, 'a', '520103', '云岩区应急管理局')
        b = Desk(self.tmp, 'b', '520103', '云岩区值班室')
        a.enrol(self.server, '520103')
        b.enrol(self.server, '520103')

        a.json('sync', '--once')
        second = b.json('sync', '--once')
        self.assertEqual(second['acks'].get('conflict_recorded'), 1, second)
        a.json('sync', '--once')

        mine = a.json('conflicts', 'list')['conflicts']
        theirs = b.json('conflicts', 'list')['conflicts']
        self.assertEqual(len(mine), 1, mine)
        self.assertEqual(len(theirs), 1, theirs)
        self.assertEqual(mine[0]['id'], theirs[0]['id'])
        self.assertEqual(mine[0]['field'], 'unit_name')
        self.assertEqual({mine[0]['winner_value'], mine[0]['loser_value']},
                         {'云岩区应急管理局', '云岩区值班室'})
        self.assertEqual(a.json('sync', 'status')['conflicts'], 1)
        # the documented shape: each desk's own value is "mine"
        self.assertEqual(mine[0]['record'], theirs[0]['record'])
        self.assertTrue(mine[0]['record'].startswith('desk/'), mine[0])
        self.assertEqual((mine[0]['mine'], mine[0]['theirs']), ('云岩区应急管理局', '云岩区值班室'))
        self.assertEqual((theirs[0]['mine'], theirs[0]['theirs']), ('云岩区值班室', '云岩区应急管理局'))
        self.assertEqual({mine[0]['winner'], theirs[0]['winner']}, {'mine', 'theirs'})
        self.assertFalse(mine[0]['resolved'])
        # the desk whose value lost takes its own again
        loser = a if mine[0]['winner'] == 'theirs' else b
        own = loser.json('conflicts', 'list')['conflicts'][0]['mine']
        loser.json('conflicts', 'resolve', mine[0]['id'], '--take', 'mine')
        self.assertTrue(loser.json('conflicts', 'list')['conflicts'][0]['resolved'])
        self.assertEqual(loser.sql('SELECT unit_name FROM desk')[0][0], own)
        self.assertEqual(loser.json('sync', '--once')['state'], 'online')

    def test_directory_change_request_goes_up_and_the_answer_down(self):
        province = Desk(self.tmp, 'province', '520000')
        county = Desk(self.tmp, 'county', '520102')
        province.enrol(self.server, '520000')
        county.enrol(self.server, '520102')

        # the province publishes a team that a county unit owns, and a plan
        # of one of its departments: the owner_unit cells are data, the
        # records are still the province's
        team = province.json('directory', 'add', '--kind', 'team', '--set', 'name=南明区矿山救护队',
                             '--set', 'class=professional', '--set', 'field=矿山救援',
                             '--set', 'owner_unit=520102', '--set', 'division=520102',
                             '--set', 'phone=0851-1111111')['id']
        plan = province.json('directory', 'add', '--kind', 'plan', '--set', 'title=贵州省地质灾害应急预案',
                             '--set', 'level=province', '--set', 'owner_unit=520000-zrzyt')['id']
        pushed = province.json('sync', '--once')
        self.assertEqual(set(pushed['acks']), {'applied'}, pushed)
        self.assertEqual(pushed['rejected'], [])
        county.json('sync', '--once')
        self.assertEqual(county.sql('SELECT phone, publisher FROM dir_team WHERE id = ?', team),
                         [('0851-1111111', '520000')])
        self.assertEqual(county.sql('SELECT publisher FROM dir_plan WHERE id = ?', plan), [('520000',)])

        # the county may not change it, and nothing is written when it tries
        err = county.fails(2, 'directory', 'edit', team, '--kind', 'team', '--set', 'phone=0851-2222222')
        self.assertIn('change request', err)
        county.fails(2, 'directory', 'remove', plan, '--kind', 'plan')
        self.assertEqual(county.json('sync', 'status')['pending'], 0)

        # it asks instead; the entry stays as published until the answer
        asked = county.json('directory', 'request', team, '--kind', 'team', '--set', 'phone=0851-2222222',
                            '--note', '电话已改', '--by', '张三')
        self.assertEqual((asked['state'], asked['incoming'], asked['publisher']), ('pending', False, '520000'))
        self.assertEqual(asked['changes'], [{'column': 'phone', 'seen': '0851-1111111',
                                             'asked': '0851-2222222', 'current': '0851-1111111'}])
        removal = county.json('directory', 'request', plan, '--kind', 'plan', '--remove', '--note', '已废止')
        self.assertEqual(county.sql('SELECT phone FROM dir_team WHERE id = ?', team), [('0851-1111111',)])
        # asking for what the entry already has is refused
        county.fails(2, 'directory', 'request', team, '--kind', 'team', '--set', 'phone=0851-1111111')
        pushed = county.json('sync', '--once')
        self.assertEqual(pushed['rejected'], [])

        # the province sees both, waiting for it
        province.json('sync', '--once')
        waiting = province.json('directory', 'requests', '--pending')['requests']
        self.assertEqual({r['id'] for r in waiting}, {asked['id'], removal['id']})
        self.assertTrue(all(r['incoming'] for r in waiting))
        # a province entry changed meanwhile keeps its other cells
        province.json('directory', 'edit', team, '--kind', 'team', '--set', 'contact=李四')
        accepted = province.json('directory', 'answer', asked['id'], '--accept', '--by', '王五')
        self.assertEqual((accepted['state'], accepted['answered_by']), ('accepted', '王五'))
        self.assertEqual(province.sql('SELECT phone, contact FROM dir_team WHERE id = ?', team),
                         [('0851-2222222', '李四')])
        province.fails(2, 'directory', 'answer', asked['id'], '--decline', '--reason', 'x')
        province.fails(2, 'directory', 'answer', removal['id'], '--decline')   # no reason
        province.json('directory', 'answer', removal['id'], '--decline', '--reason', '预案仍有效')
        pushed = province.json('sync', '--once')
        self.assertEqual(pushed['rejected'], [])

        # down again: the county has the new phone and both answers
        county.json('sync', '--once')
        self.assertEqual(county.sql('SELECT phone, contact FROM dir_team WHERE id = ?', team),
                         [('0851-2222222', '李四')])
        self.assertEqual(county.sql('SELECT count(*) FROM dir_plan WHERE id = ?', plan), [(1,)])
        answers = {r['id']: r for r in county.json('directory', 'requests')['requests']}
        self.assertEqual(answers[asked['id']]['state'], 'accepted')
        self.assertEqual((answers[removal['id']]['state'], answers[removal['id']]['reason']),
                         ('declined', '预案仍有效'))
        self.assertEqual(county.json('directory', 'requests', '--pending')['requests'], [])
        for desk in (province, county):
            self.assertEqual(desk.json('sync', 'status')['parked'], [])
            self.assertTrue(desk.ok('audit', 'verify'))

        # a desk of another prefecture keeps none of it
        outside = Desk(self.tmp, 'outside', '520201')
        outside.enrol(self.server, '520201')
        outside.json('sync', '--once')
        self.assertEqual(outside.sql('SELECT count(*) FROM dir_request'), [(0,)])
        self.assertEqual(outside.sql('SELECT count(*) FROM dir_team WHERE id = ?', team), [(1,)])

    def test_enrol_with_a_code_of_another_unit_is_refused(self):
        desk = Desk(self.tmp, 'other-unit', '520123')
        err = desk.fails(2, 'enrol', '--server', self.server.url, '--code', self.server.code('520181'))
        self.assertIn('520123', err)
        self.assertIn('another unit', err)
        self.assertEqual(desk.sql('SELECT count(*) FROM sync_state')[0][0], 0)
        self.assertFalse(os.path.exists(desk.db + '.desk-secret'))
        # the code is not used up: the right desk enrols with it
        code = self.server.code('520181')
        desk.fails(2, 'enrol', '--server', self.server.url, '--code', code)
        right = Desk(self.tmp, 'right-unit', '520181')
        self.assertEqual(right.json('enrol', '--server', self.server.url, '--code', code)['unit'], '520181')

    def test_sync_json_says_offline(self):
        desk = Desk(self.tmp, 'unreachable', '520203')
        desk.enrol(self.server, '520203')
        with sqlite3.connect(desk.db) as db:
            db.execute("UPDATE sync_state SET server_url = 'http://127.0.0.1:9'")
        res = desk.run('sync', '--once', '--json')
        self.assertEqual(res.returncode, 1, res.stderr)
        report = json.loads(res.stdout)
        self.assertEqual(report['state'], 'offline', report)
        self.assertEqual((report['pushed'], report['pulled']), (0, 0))
        self.assertGreater(report['pending'], 0)
        self.assertIn('Cannot reach the server', res.stderr.decode())

    def test_receipt_queued_then_accepted_at_server_time(self):
        desk = Desk(self.tmp, 'receipt', '520111')
        incident = desk.json('incident', 'log', '--received-at', '2026-07-01T10:00',
                             '--subtype', 'natural.geological', '--summary', '花溪区山体滑坡')['id']
        call = desk.sql('SELECT id FROM calls WHERE incident_id = ?', incident)[0][0]

        def receipt(kind, record_id):
            return desk.json('sync', 'status', '--record', '%s:%s' % (kind, record_id))

        # not enrolled: kept on the desk, said so
        local = receipt('call', call)
        self.assertEqual((local['state'], local['enrolled'], local['ops']), ('local', False, 1), local)
        self.assertIn('not enrolled', desk.ok('sync', 'status', '--record', 'call:' + call))
        self.assertIn('KIND:ID', desk.fails(2, 'sync', 'status', '--record', 'call'))

        # enrolled, the server out of reach: queued, and still after a failed round
        desk.enrol(self.server, '520111')
        url = desk.sql('SELECT server_url FROM sync_state')[0][0]
        desk.sql("UPDATE sync_state SET server_url = 'http://127.0.0.1:1'")
        self.assertEqual(receipt('call', call)['state'], 'queued')
        self.assertIn('reach', desk.fails(1, 'sync', '--once', '--json'))
        for kind, record_id in (('call', call), ('incident', incident)):
            queued = receipt(kind, record_id)
            self.assertEqual(queued['state'], 'queued', queued)
            self.assertIsNone(queued['accepted_at'])

        # the server back: accepted, at the time of the server's answer
        desk.sql('UPDATE sync_state SET server_url = ?', url)
        before_ms = int(time.time()) * 1000
        report = desk.json('sync', '--once')
        after_ms = int(time.time() * 1000)
        self.assertEqual(report['state'], 'online', report)
        for kind, record_id, ops in (('call', call, 1), ('incident', incident, 2)):
            accepted = receipt(kind, record_id)
            self.assertEqual((accepted['state'], accepted['ops']), ('accepted', ops), accepted)
            self.assertGreaterEqual(accepted['accepted_at_ms'], before_ms)
            self.assertLessEqual(accepted['accepted_at_ms'], after_ms)
            self.assertTrue(accepted['accepted_at'].endswith('+08:00'), accepted)
            self.assertIsNone(accepted['sent_at'])
        # the server has them, from this desk
        self.assertEqual(desk.sql("SELECT count(*) FROM sync_outbox WHERE record_id = ? AND state = 'acked'"
                                  " AND accepted_at IS NOT NULL", call)[0][0], 1)
        self.assertIn('Accepted by the server at ', desk.ok('sync', 'status', '--record', 'incident:' + incident))

    def test_receipt_queued_again_when_the_push_is_refused(self):
        # a server that takes a token request but no batch: the push is
        # answered 413, so its ops were sent and go back in the queue
        small = Server('--max-body', '400')
        try:
            desk = Desk(self.tmp, 'refused', '520121')
            desk.enrol(small, '520121')
            incident = desk.json('incident', 'log', '--received-at', '2026-07-01T10:00',
                                 '--subtype', 'natural.geological', '--summary', '开阳县山体滑坡')['id']
            res = desk.run('sync', '--once', '--json')
            self.assertEqual(res.returncode, 1, res.stderr)
            self.assertIn('payload_too_large', res.stderr.decode())
            queued = desk.json('sync', 'status', '--record', 'incident:' + incident)
            self.assertEqual(queued['state'], 'queued', queued)
            self.assertEqual(desk.sql("SELECT count(*) FROM sync_outbox WHERE state = 'sent'")[0][0], 0)
            # they went out once
            self.assertGreater(desk.sql('SELECT min(sent_at) FROM sync_outbox')[0][0], 0)
        finally:
            small.stop()

    def test_county_reaches_the_prefecture_within_seconds(self):
        county = Desk(self.tmp, 'county', '520111')
        prefecture = Desk(self.tmp, 'prefecture', '520100')
        county.enrol(self.server, '520111')
        prefecture.enrol(self.server, '520100')
        county.json('sync', '--once')
        prefecture.json('sync', '--once')

        # the prefecture's desk is online, its pull held by the server
        syncer = prefecture.start_sync(30)
        try:
            self.server.wait_for_held_pulls(1, 10)
            logged = self.log_grade_ii(county, '花溪区山洪')
            # from the county's dutyctl starting to push (its process, its
            # token and the push included) to the row in the prefecture
            started = time.monotonic()
            sent = county.json('sync', '--once')
            pushed = time.monotonic() - started
            self.assertGreater(sent['acks'].get('applied', 0), 0, sent)

            def arrived():
                return prefecture.sql("SELECT count(*) FROM incidents WHERE id = ? AND grade = 'II'",
                                      logged['id'])[0][0] == 1
            # the held pull answers at once: well within one long poll
            syncer.wait_for(arrived, 10)
            delay = time.monotonic() - started
            print('county → prefecture: %.3f s (the county\'s dutyctl sync --once took %.3f s)'
                  % (delay, pushed), file=sys.stderr)
            self.assertLess(delay, 5)
            # found by the search like an incident logged there
            hits = prefecture.json('search', '花溪区山洪')['results']
            self.assertIn(logged['id'], {h['incident_id'] for h in hits}, hits)
            self.assertIn('event', {h['kind'] for h in hits}, hits)
        finally:
            syncer.stop()

    def test_offline_then_online_loses_nothing(self):
        county = Desk(self.tmp, 'county', '520112')
        prefecture = Desk(self.tmp, 'prefecture', '520100')
        county.enrol(self.server, '520112')
        prefecture.enrol(self.server, '520100')
        county.json('sync', '--once')

        # the server is out of reach: work goes on, nothing goes up
        url = county.sql('SELECT server_url FROM sync_state')[0][0]
        county.sql("UPDATE sync_state SET server_url = 'http://127.0.0.1:1'")
        ids = [self.log_grade_ii(county, '乌当区险情%d' % i)['id'] for i in range(5)]
        self.assertIn('reach', county.fails(1, 'sync', '--once', '--json'))
        pending = county.json('sync', 'status')['pending']
        self.assertGreaterEqual(pending, 10)

        # running while offline: it backs off, and goes on by itself once
        # the server can be reached again
        syncer = county.start_sync(2)
        try:
            county.sql('UPDATE sync_state SET server_url = ?', url)
            syncer.wait_for(lambda: county.json('sync', 'status')['pending'] == 0, 60)
        finally:
            syncer.stop()
        self.assertEqual(county.json('sync', 'status')['parked'], [])

        prefecture.json('sync', '--once')
        for incident_id in ids:
            self.assertEqual(prefecture.sql('SELECT count(*) FROM incidents WHERE id = ?', incident_id)[0][0], 1)
            self.assertEqual(prefecture.sql('SELECT count(*) FROM incident_events WHERE incident_id = ?',
                                            incident_id)[0][0],
                             county.sql('SELECT count(*) FROM incident_events WHERE incident_id = ?',
                                        incident_id)[0][0])
        self.assertTrue(county.ok('audit', 'verify'))

    def test_conflict_settled_on_one_desk_converges(self):
        a = Desk(self.tmp, 'a', '520113', '白云区应急管理局')
        b = Desk(self.tmp, 'b', '520113', '白云区值班室')
        a.enrol(self.server, '520113')
        b.enrol(self.server, '520113')
        a.json('sync', '--once')
        b.json('sync', '--once')
        a.json('sync', '--once')

        conflict = b.json('conflicts', 'list', '--open')['conflicts'][0]
        # both desks hold the kept value, each table the same
        for desk in (a, b):
            self.assertEqual(desk.sql('SELECT unit_name FROM desk')[0][0], conflict['winner_value'])

        b.json('conflicts', 'resolve', conflict['id'], '--value', '白云区应急值班室')
        self.assertEqual(b.json('conflicts', 'list', '--open')['conflicts'], [])
        b.json('sync', '--once')
        a.json('sync', '--once')
        for desk in (a, b):
            self.assertEqual(desk.sql('SELECT unit_name FROM desk')[0][0], '白云区应急值班室')
        settled = a.json('conflicts', 'list')['conflicts']
        self.assertEqual(settled[0]['resolution'], 'settled')
        self.assertEqual(settled[0]['resolved_by'], b.json('sync', 'status')['desk_id'])
        self.assertEqual(a.json('conflicts', 'list', '--open')['conflicts'], [])
        # settled once is settled
        err = b.fails(2, 'conflicts', 'resolve', conflict['id'], '--keep')
        self.assertIn('settled already', err)
        self.assertEqual(a.json('sync', 'status')['pending'], 0)

    def test_parked_ops_retry_and_drop(self):
        county = Desk(self.tmp, 'county', '520121')
        county.enrol(self.server, '520121')
        county.json('sync', '--once')
        # an op the server refuses: a patch of a record it never had
        county.sql("INSERT INTO sync_outbox (op_id, op, record_kind, record_id, base_ver, hlc, payload,"
                   " created_at) VALUES ('01900000-0000-7000-8000-0000000000d1', 'patch', 'staff',"
                   " '01900000-0000-7000-8000-0000000000d2', 1, 1, '{\"name\":\"无\"}', 1)")
        report = county.json('sync', '--once')
        self.assertEqual(len(report['rejected']), 1, report)
        parked = county.json('sync', 'parked')
        self.assertEqual([p['op_id'] for p in parked], ['01900000-0000-7000-8000-0000000000d1'])
        self.assertTrue(parked[0]['reason'])
        self.assertEqual(county.json('sync', 'retry', parked[0]['op_id'])['queued'], 1)
        county.json('sync', '--once')
        self.assertEqual(len(county.json('sync', 'parked')), 1)
        county.json('sync', 'drop', parked[0]['op_id'])
        self.assertEqual(county.json('sync', 'parked'), [])
        self.assertEqual(county.json('sync', 'status')['pending'], 0)
        self.assertTrue(county.ok('audit', 'verify'))

    def test_secret_in_the_keyring(self):
        daemon = shutil.which('gnome-keyring-daemon')
        self.assertIsNotNone(daemon, 'gnome-keyring-daemon is missing (build-aux/debian-packages.txt)')
        home = os.path.join(self.tmp, 'home')
        runtime = os.path.join(self.tmp, 'run')
        os.makedirs(home)
        os.makedirs(runtime, mode=0o700)
        bus = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address'],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        keyring = None
        try:
            env = {'DBUS_SESSION_BUS_ADDRESS': bus.stdout.readline().strip(), 'HOME': home,
                   'XDG_DATA_HOME': os.path.join(home, 'data'), 'XDG_RUNTIME_DIR': runtime,
                   'XDG_CONFIG_HOME': os.path.join(home, 'config')}
            keyring = subprocess.Popen([daemon, '--foreground', '--unlock', '--components=secrets',
                                        '--control-directory', runtime],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL, env=dict(os.environ, **env))
            keyring.stdin.write(b'duty-desk-test')
            keyring.stdin.close()
            keyring.stdout.readline()  # it says where its control socket is once it runs
            env.pop('DUTY_DESK_SECRET_STORE', None)
            county = Desk(self.tmp, 'county', '520115', extra_env=env)
            enrolled = county.enrol(self.server, '520115')
            self.assertEqual(enrolled['secret_store'], 'libsecret')
            self.assertIsNone(enrolled['secret_file'])
            self.assertFalse(os.path.exists(county.db + '.desk-secret'))
            self.log_grade_ii(county, '观山湖区险情')
            self.assertGreater(county.json('sync', '--once')['acks'].get('applied', 0), 0)
            # without the keyring the desk cannot sign in, and says why
            county.extra_env = dict(env, DBUS_SESSION_BUS_ADDRESS='unix:path=' + os.path.join(runtime, 'none'))
            self.log_grade_ii(county, '又一处险情')
            self.assertIn('keyring', county.fails(1, 'sync', '--once', '--json'))
        finally:
            if keyring is not None:
                keyring.terminate()
                keyring.wait(timeout=30)
                keyring.stdout.close()
            bus.terminate()
            bus.wait(timeout=30)
            bus.stdout.close()


def openssl(*args):
    subprocess.run(['openssl'] + list(args), check=True, capture_output=True, timeout=60)


def make_ca(tmp, name):
    """A CA certificate and key made for this test."""
    key, cert = os.path.join(tmp, name + '.key'), os.path.join(tmp, name + '.pem')
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
            '-subj', '/CN=%s' % name, '-addext', 'basicConstraints=critical,CA:TRUE',
            '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    return cert, key


class TlsTests(unittest.TestCase):
    """HTTPS with the provincial CA pinned at enrolment."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='dd-sync-tls-')
        self.ca, ca_key = make_ca(self.tmp, 'province-ca')
        self.other_ca, _ = make_ca(self.tmp, 'other-ca')
        key, csr = os.path.join(self.tmp, 'server.key'), os.path.join(self.tmp, 'server.csr')
        cert, ext = os.path.join(self.tmp, 'server.pem'), os.path.join(self.tmp, 'server.ext')
        with open(ext, 'w') as f:
            f.write('subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
        openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1')
        openssl('x509', '-req', '-in', csr, '-CA', self.ca, '-CAkey', ca_key, '-CAcreateserial',
                '-out', cert, '-days', '2', '-extfile', ext)
        self.server = Server('--tls-cert', cert, '--tls-key', key, scheme='https')

    def tearDown(self):
        self.server.stop()
        shutil.rmtree(self.tmp)

    def test_pinned_ca(self):
        # the desk's own record (desk.init) is what goes up
        desk = Desk(self.tmp, 'county', '520102', '南明区应急管理局')
        enrolled = desk.json('enrol', '--server', self.server.url, '--code', self.server.code('520102'),
                             '--ca', self.ca)
        self.assertEqual(enrolled['unit'], '520102')
        synced = desk.json('sync', '--once')
        # the database is the one SyncTests used: the unit's desk record may exist
        self.assertGreater(sum(synced['acks'].values()), 0)
        self.assertEqual(synced['rejected'], [])
        self.assertIn('520102', [c['record_id'] for c in synced['changes'] if c['record_kind'] == 'desk'])

        # another CA: refused before anything is sent, and said so
        stranger = Desk(self.tmp, 'stranger', '520103')
        err = stranger.fails(1, 'enrol', '--server', self.server.url, '--code', self.server.code('520103'),
                             '--ca', self.other_ca)
        self.assertIn('Cannot reach the server', err)
        self.assertIn('TLS certificate', err)
        self.assertEqual(stranger.sql('SELECT count(*) FROM sync_state')[0][0], 0)
        # and without the province's CA the system trust store does not know it either
        err = stranger.fails(1, 'enrol', '--server', self.server.url, '--code', self.server.code('520103'))
        self.assertIn('TLS certificate', err)


def main():
    global DUTYCTL, SERVER, DIVISIONS
    parser = argparse.ArgumentParser()
    parser.add_argument('--dutyctl', required=True)
    parser.add_argument('--server', required=True)
    parser.add_argument('--divisions', required=True)
    args, rest = parser.parse_known_args()
    DUTYCTL, SERVER, DIVISIONS = args.dutyctl, args.server, args.divisions
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == '__main__':
    main()
