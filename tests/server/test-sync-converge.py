#!/usr/bin/env python3
# test-sync-converge.py: desks of a province, a prefecture and its counties
# (the real dutyctl on real SQLite files) doing random work on and off line
# against a real duty-desk-server, then converging; and desks whose clocks
# are a day off (faketime). Run it through with-pg.sh like test-sync-e2e.py,
# whose Server and Desk it uses.
#
# The random test prints its seed; DD_CONVERGE_SEED=<seed> runs it again.
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('sync_e2e', os.path.join(HERE, 'test-sync-e2e.py'))
e2e = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(e2e)

# a port nothing listens on: the server cannot be reached
UNREACHABLE = 'http://127.0.0.1:1'
SUBTYPES = ['natural.geological', 'natural.flood_drought', 'accident.road_traffic', 'accident.fire']
GRADES = ['I', 'II', 'III', 'IV']
DAY_MS = 24 * 3600 * 1000
FAKETIME = shutil.which('faketime')
PSQL = os.path.join(os.environ.get('PGBIN', '/usr/lib/postgresql/15/bin'), 'psql')
# the server flags ops stamped further ahead than this (FUTURE_LIMIT_MS)
FUTURE_LIMIT_MS = 5 * 60 * 1000


def in_subtree(unit, root):
    """Whether @unit is @root or below it (division codes: 52 0000, 5201 00, 520102)."""
    base = unit.split('-')[0]
    if root.endswith('0000'):
        return base.startswith(root[:2])
    if root.endswith('00'):
        return base.startswith(root[:4])
    return base == root or unit.startswith(root + '-')


class Desk(e2e.Desk):
    """A desk that can be put out of the server's reach and back."""

    def __init__(self, tmp, name, unit, unit_name=None, skew=None):
        # under faketime: its wall clock @skew ('+1d') off, its monotonic
        # clock (timeouts) left alone
        self.name, self.unit = name, unit
        self.wrap = [FAKETIME, '-f', skew] if skew else []
        env = {'DUTY_DESK_SECRET_STORE': 'file', 'FAKETIME_DONT_FAKE_MONOTONIC': '1'}
        super().__init__(tmp, name, unit, unit_name, extra_env=env)

    def run(self, *args):
        return subprocess.run(self.wrap + [e2e.DUTYCTL, '--db', self.db] + list(args), capture_output=True,
                              env=self.env(), timeout=120)

    def point_at(self, url):
        self.sql('UPDATE sync_state SET server_url = ?', url)

    def sync(self):
        """One round; its report, or None when the server cannot be reached."""
        res = self.run('sync', '--once', '--json')
        report = json.loads(res.stdout) if res.stdout.strip() else None
        if res.returncode != 0:
            assert report is not None and report['state'] == 'offline', (self.name, res.stderr)
            return None
        return report


def stop(server):
    server.stop()
    server.process.stdout.close()


def server_rows(query):
    """Rows of the server's database (tab-separated text)."""
    res = subprocess.run([PSQL, os.environ['DD_PG_CONNINFO'], '-At', '-F', '\t', '-c', query],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return [line.split('\t') for line in res.stdout.splitlines() if line]


def sync_until_quiet(desks, seconds):
    """Rounds on every desk until a whole pass moves nothing and nothing waits."""
    deadline = time.monotonic() + seconds
    while True:
        quiet = True
        for desk in desks:
            report = desk.sync()
            assert report is not None, desk.name
            assert report['rejected'] == [], (desk.name, report['rejected'])
            if report['pushed'] or report['pulled'] or report['pending']:
                quiet = False
        if quiet:
            return
        assert time.monotonic() < deadline, 'the desks did not converge in %d s' % seconds


# (next_due_at is each desk's own: the reporting clocks of its level)
INCIDENT_COLUMNS = ('id, number, owner_unit, received_at, subtype, occurred_at, description, grade,'
                    ' computed_grade, manual_required, status, closed_at')


class Converge(unittest.TestCase):
    """What every desk holds after sync, against what the server holds."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='dd-sync-converge-')

    def tearDown(self):
        if os.environ.get('DD_CONVERGE_KEEP'):
            print('kept %s' % self.tmp, file=sys.stderr)
        else:
            shutil.rmtree(self.tmp)

    def server_records(self, kind):
        """{record id: owner unit} of the server's live records of @kind."""
        return {r[0]: r[1] for r in server_rows("SELECT record_id, owner_unit FROM records"
                                                " WHERE record_kind = '%s' AND NOT deleted" % kind)}

    def assert_scopes(self, desks):
        """Each desk holds exactly its scope's records, each once, the same everywhere."""
        incidents = self.server_records('incident')
        events = self.server_records('incident_event')
        calls = self.server_records('call')
        entries = self.server_records('log_entry')
        instructions = self.server_records('instruction')
        teams = self.server_records('team')
        seen = {}
        for desk in desks:
            unit = desk.unit
            # read: its subtree; published down: its ancestors' too
            mine = {i for i, owner in incidents.items() if in_subtree(owner, unit)}
            held = desk.sql('SELECT id FROM incidents')
            self.assertEqual(len(held), len({r[0] for r in held}))
            self.assertEqual({r[0] for r in held}, mine, desk.name)
            self.assertEqual({r[0] for r in desk.sql('SELECT id FROM incident_events')},
                             {i for i, owner in events.items() if in_subtree(owner, unit)}, desk.name)
            self.assertEqual({r[0] for r in desk.sql('SELECT id FROM calls')},
                             {i for i, owner in calls.items() if in_subtree(owner, unit)}, desk.name)
            self.assertEqual({r[0] for r in desk.sql('SELECT id FROM log_entries')},
                             {i for i, owner in entries.items() if in_subtree(owner, unit)}, desk.name)
            self.assertEqual({r[0] for r in desk.sql('SELECT id FROM instructions')},
                             {i for i, owner in instructions.items()
                              if in_subtree(owner, unit) or in_subtree(unit, owner)}, desk.name)
            self.assertEqual({r[0] for r in desk.sql('SELECT id FROM dir_team')},
                             {i for i, owner in teams.items()
                              if in_subtree(owner, unit) or in_subtree(unit, owner)}, desk.name)
            # nothing from outside its scope, even kept aside
            for kind, owner in desk.sql('SELECT record_kind, owner_unit FROM sync_records'):
                self.assertTrue(in_subtree(owner, unit) or in_subtree(unit, owner), (desk.name, kind, owner))
            # nothing refused on the way in
            self.assertEqual(desk.sql('SELECT record_kind, record_id, apply_error FROM sync_records'
                                      ' WHERE apply_error IS NOT NULL'), [], desk.name)
            self.assertEqual(desk.json('sync', 'parked'), [], desk.name)
            # the same values on every desk that holds a record
            for query in ('SELECT %s FROM incidents' % INCIDENT_COLUMNS,
                          'SELECT id, incident_id, kind, received_at, body FROM incident_events',
                          'SELECT id, incident_id, summary, owner_unit FROM calls',
                          'SELECT id, at, text, incident_id, owner_unit FROM log_entries',
                          'SELECT id, text, issued_by, owner_unit FROM instructions',
                          'SELECT id, name, class, phone, contact, publisher FROM dir_team'):
                table = query.split(' FROM ')[1]
                for row in desk.sql(query):
                    key = (table, row[0])
                    if key in seen:
                        self.assertEqual(row, seen[key][1], '%s %s: %s and %s differ'
                                         % (table, row[0], seen[key][0], desk.name))
                    else:
                        seen[key] = (desk.name, row)
            self.assertTrue(desk.ok('audit', 'verify'))

    def assert_conflicts(self, desks):
        """Every losing value is kept on the server and on the desks of the
        conflict, with the same winner everywhere; the winner (or a later
        change) is what the record holds."""
        ids = {desk.json('sync', 'status')['desk_id']: desk for desk in desks}
        recorded = server_rows('SELECT id, record_kind, record_id, field, winner_value, loser_value,'
                               ' winner_desk, loser_desk FROM conflicts')
        listed = {desk.name: {c['id']: c for c in desk.json('conflicts', 'list')['conflicts']}
                  for desk in desks}
        for cid, kind, record, field, winner, loser, winner_desk, loser_desk in recorded:
            self.assertNotEqual(winner, loser)
            for desk_id in (winner_desk, loser_desk):
                desk = ids[desk_id]
                mine = listed[desk.name].get(cid)
                self.assertIsNotNone(mine, 'conflict %s of %s/%s.%s is not on desk %s'
                                     % (cid, kind, record, field, desk.name))
                self.assertEqual((mine['record'], mine['field']), ('%s/%s' % (kind, record), field))
                self.assertEqual(mine['winner_value'], json.loads(winner), desk.name)
                self.assertEqual(mine['loser_value'], json.loads(loser), desk.name)
                own = mine['mine'] if desk_id == loser_desk else mine['theirs']
                self.assertEqual(own, json.loads(loser), desk.name)
            # any other desk that keeps it keeps the same
            for name, conflicts in listed.items():
                if cid in conflicts:
                    self.assertEqual((conflicts[cid]['winner_value'], conflicts[cid]['loser_value']),
                                     (json.loads(winner), json.loads(loser)), name)
        for name, conflicts in listed.items():
            self.assertLessEqual(set(conflicts), {r[0] for r in recorded}, name)
        return recorded


class RandomConvergence(Converge):
    ROUNDS = 6

    def test_random_work_converges(self):
        seed = int(os.environ.get('DD_CONVERGE_SEED') or random.SystemRandom().randrange(1 << 32))
        print('seed %d (DD_CONVERGE_SEED=%d reproduces it)' % (seed, seed), file=sys.stderr, flush=True)
        rng = random.Random(seed)

        self.done = {}
        self.servers = [e2e.Server()]
        try:
            self.run_desks(rng)
        finally:
            stop(self.servers[-1])

    def run_desks(self, rng):
        server = self.servers[0]
        desks = [Desk(self.tmp, 'province', '520000'),
                 Desk(self.tmp, 'prefecture-a', '520100', '贵阳市应急管理局'),
                 Desk(self.tmp, 'prefecture-b', '520100', '贵阳市值班室'),
                 Desk(self.tmp, 'nanming', '520102'),
                 Desk(self.tmp, 'yunyan', '520103'),
                 Desk(self.tmp, 'zhongshan', '520201')]
        for desk in desks:
            desk.enrol(server, desk.unit)
        url = server.url
        # the prefecture's teams, which both of its desks edit
        teams = [desks[1].json('directory', 'add', '--kind', 'team', '--set', 'name=贵阳市救援%d队' % i,
                               '--set', 'class=professional', '--set', 'phone=0851-100%d' % i)['id']
                 for i in range(3)]
        sync_until_quiet(desks, 60)
        # one sure conflict: both desks of the prefecture change one cell
        # before either hears of the other's change
        desks[1].json('directory', 'edit', teams[0], '--kind', 'team', '--set', 'phone=0851-2001')
        desks[2].json('directory', 'edit', teams[0], '--kind', 'team', '--set', 'phone=0851-2002')
        stopped_round = rng.randrange(self.ROUNDS)
        n = 0

        for round_no in range(self.ROUNDS):
            if round_no == stopped_round:
                # a real outage: the server is gone for the whole round
                stop(server)
                online = set()
            else:
                online = {d.name for d in desks if rng.random() < 0.6}
            for desk in desks:
                desk.point_at(url if desk.name in online else UNREACHABLE)
            for desk in rng.sample(desks, len(desks)):
                for _ in range(rng.randint(2, 4)):
                    n += 1
                    self.random_work(rng, desk, teams, n)
                if desk.name in online:
                    self.assertIsNotNone(desk.sync(), desk.name)
                else:
                    self.assertIsNone(desk.sync(), desk.name)
            if round_no == stopped_round:
                server = e2e.Server()
                self.servers.append(server)
                url = server.url

        for desk in desks:
            desk.point_at(url)
        sync_until_quiet(desks, 90)
        self.assert_scopes(desks)
        recorded = self.assert_conflicts(desks)
        self.assertIn(teams[0], {r[2] for r in recorded})
        print('%d actions (%s), %d incidents, %d conflicts'
              % (n, ', '.join('%s %d' % a for a in sorted(self.done.items())),
                 len(self.server_records('incident')), len(recorded)), file=sys.stderr)

    def random_work(self, rng, desk, teams, n):
        # incidents this desk holds and may act on: its subtree's
        held = desk.sql('SELECT id, owner_unit, received_at FROM incidents')
        actions = ['log', 'log', 'entry']
        if held:
            actions += ['update', 'update', 'regrade', 'regrade', 'close', 'entry']
        if desk.unit.endswith('00'):
            actions += ['instruction']
        if desk.unit == '520100':
            actions += ['team', 'team']
            if desk.json('conflicts', 'list', '--open')['conflicts']:
                actions += ['settle']
        action = rng.choice(actions)
        self.done[action] = self.done.get(action, 0) + 1
        if action == 'log':
            minute = rng.randrange(8 * 60, 18 * 60)
            desk.json('incident', 'log', '--received-at', '2026-07-01T%02d:%02d' % (minute // 60, minute % 60),
                      '--subtype', rng.choice(SUBTYPES), '--summary', '%s险情%d' % (desk.name, n),
                      '--grade', rng.choice(GRADES), '--reason', '研判%d' % n,
                      '--deaths', str(rng.randrange(3)))
            return
        if action == 'team':
            # both desks of the prefecture edit the same cells: concurrent
            # edits while one of them is offline are conflicts
            desk.json('directory', 'edit', rng.choice(teams), '--kind', 'team',
                      '--set', rng.choice(['phone=0851-%04d', 'contact=联系人%d']) % n)
            return
        if action == 'settle':
            # the officer takes one of the two values again, or a new one
            conflict = rng.choice(desk.json('conflicts', 'list', '--open')['conflicts'])
            desk.json('conflicts', 'resolve', conflict['id'], '--take',
                      rng.choice(['mine', 'theirs', '0851-9%03d' % n]))
            return
        target = rng.choice(held) if held else None
        if action == 'entry':
            args = ['log', 'add', '--text', '%s值班记录%d' % (desk.name, n), '--by', '值班员']
            desk.json(*(args + (['--incident', target[0]] if target and rng.random() < 0.5 else [])))
            return
        if action == 'instruction':
            args = ['instruction', 'add', '--text', '%s指示%d' % (desk.name, n), '--by', '领导%d' % n]
            desk.json(*(args + (['--incident', target[0]] if target and rng.random() < 0.7 else [])))
            return
        # events: a few minutes after the incident was received, so two
        # desks acting on it often name the same minute
        at = time.strftime('%Y-%m-%dT%H:%M', time.gmtime(target[2] / 1000 + 8 * 3600
                                                        + 60 * rng.randint(1, 4)))
        if action == 'update':
            desk.json('incident', 'update', target[0], '--received-at', at, '--text', '续报%d' % n,
                      '--injured', str(rng.randrange(20)), '--description', '%s续报%d' % (desk.name, n))
        elif action == 'regrade':
            desk.json('incident', 'regrade', target[0], '--grade', rng.choice(GRADES), '--reason', '改判%d' % n,
                      '--at', at)
        else:
            desk.json('incident', 'close', target[0], '--at', at, '--reason', '处置完毕%d' % n)


class ClockSkew(Converge):
    """Desks whose clocks are a day ahead and a day behind."""

    def setUp(self):
        super().setUp()
        self.server = e2e.Server()

    def tearDown(self):
        stop(self.server)
        super().tearDown()

    def test_desks_a_day_off(self):
        self.assertIsNotNone(FAKETIME, 'faketime is missing (build-aux/debian-packages.txt)')
        province = Desk(self.tmp, 'province', '520000')
        prefecture = Desk(self.tmp, 'prefecture', '520100')
        ahead = Desk(self.tmp, 'ahead', '520111', '花溪区应急管理局', skew='+1d')
        peer = Desk(self.tmp, 'peer', '520111', '花溪区应急管理局')
        behind = Desk(self.tmp, 'behind', '520112', '乌当区应急管理局', skew='-1d')
        desks = [province, prefecture, ahead, peer, behind]
        ids = {}
        for desk in desks:
            ids[desk.name] = desk.enrol(self.server, desk.unit)['desk_id']
        team = peer.json('directory', 'add', '--kind', 'team', '--set', 'name=花溪区救援队',
                         '--set', 'class=professional', '--set', 'phone=0851-3000',
                         '--set', 'contact=张三')['id']
        sync_until_quiet(desks, 60)

        # offline, each logs incidents of one day (the desk a day ahead and
        # its unit's other desk number theirs alike)
        logged = []
        for desk in (ahead, ahead, peer, behind, behind):
            logged.append(desk.json('incident', 'log', '--received-at', '2026-07-01T09:%02d' % len(logged),
                                    '--subtype', 'natural.geological', '--summary', '%s滑坡' % desk.name,
                                    '--grade', 'II', '--reason', '研判')['id'])
            desk.json('log', 'add', '--text', '%s巡查' % desk.name, '--incident', logged[-1], '--by', '值班员')
        ahead.json('incident', 'update', logged[0], '--received-at', '2026-07-01T10:00', '--text', '续报',
                   '--injured', '3')
        sync_until_quiet(desks, 60)

        # nothing lost, nothing twice, the same everywhere
        self.assert_scopes(desks)
        for desk in (province, prefecture):
            self.assertLessEqual(set(logged), {r[0] for r in desk.sql('SELECT id FROM incidents')}, desk.name)
        self.assertEqual(len({r[0] for r in prefecture.sql('SELECT number FROM incidents')}),
                         len(prefecture.sql('SELECT number FROM incidents')))

        # the desk ahead: every op flagged; the others: none
        flagged = {desk_id: (int(n), int(f)) for desk_id, n, f in server_rows(
            'SELECT desk_id, count(*), count(*) FILTER (WHERE flagged) FROM changes GROUP BY desk_id')}
        self.assertGreater(flagged[ids['ahead']][0], 0)
        self.assertEqual(flagged[ids['ahead']][1], flagged[ids['ahead']][0])
        for name in ('province', 'prefecture', 'peer', 'behind'):
            self.assertEqual(flagged[ids[name]][1], 0, name)
        # flagged ops are stamped at receipt: no stamp on the server, and
        # not the server's clock, ran ahead with the desk
        limit = (int(time.time() * 1000) + FUTURE_LIMIT_MS) << 16
        self.assertLessEqual(max(int(r[0]) for r in server_rows('SELECT hlc FROM changes')), limit)
        self.assertLessEqual(int(server_rows('SELECT hlc FROM change_seq')[0][0]), limit)
        self.assertLessEqual(max(int(r[0]) for r in server_rows("SELECT hlc FROM records")), limit)

        # each desk is told its clock is off
        for desk, skew in ((ahead, -DAY_MS), (behind, DAY_MS), (peer, 0), (prefecture, 0)):
            status = desk.json('sync', 'status')
            self.assertEqual(status['clock_warning'], skew != 0, (desk.name, status))
            self.assertLess(abs(status['clock_skew_ms'] - skew), 10 * 60 * 1000, (desk.name, status))

        # §4: a flagged op is ordered by when the server received it. The
        # desk ahead changes the phone first and the peer, not having heard
        # of it, later: the later change wins, though the desk ahead
        # stamped its own a day later ...
        ahead.json('directory', 'edit', team, '--kind', 'team', '--set', 'phone=0851-3001')
        self.assertIsNotNone(ahead.sync())
        peer.json('directory', 'edit', team, '--kind', 'team', '--set', 'phone=0851-3002')
        self.assertIsNotNone(peer.sync())
        # ... and the other way round, the desk ahead changing last wins
        peer.json('directory', 'edit', team, '--kind', 'team', '--set', 'contact=李四')
        self.assertIsNotNone(peer.sync())
        ahead.json('directory', 'edit', team, '--kind', 'team', '--set', 'contact=王五')
        sync_until_quiet(desks, 60)

        self.assert_scopes(desks)
        recorded = {r[3]: r for r in self.assert_conflicts(desks) if r[2] == team}
        self.assertEqual(set(recorded), {'phone', 'contact'})
        _, _, _, _, winner, loser, winner_desk, loser_desk = recorded['phone']
        self.assertEqual((json.loads(winner), json.loads(loser)), ('0851-3002', '0851-3001'))
        self.assertEqual((winner_desk, loser_desk), (ids['peer'], ids['ahead']))
        _, _, _, _, winner, loser, winner_desk, loser_desk = recorded['contact']
        self.assertEqual((json.loads(winner), json.loads(loser)), ('王五', '李四'))
        self.assertEqual((winner_desk, loser_desk), (ids['ahead'], ids['peer']))
        for desk in desks:
            if desk is not behind:
                self.assertEqual(desk.sql('SELECT phone, contact FROM dir_team WHERE id = ?', team),
                                 [('0851-3002', '王五')], desk.name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--dutyctl', required=True)
    parser.add_argument('--server', required=True)
    parser.add_argument('--divisions', required=True)
    args, rest = parser.parse_known_args()
    e2e.DUTYCTL, e2e.SERVER, e2e.DIVISIONS = args.dutyctl, args.server, args.divisions
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == '__main__':
    main()
