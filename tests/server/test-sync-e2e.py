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
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

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

    def code(self, unit):
        return json.loads(self.run('enrol-code', '--unit', unit, '--json'))['code']

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Desk:
    def __init__(self, tmp, name, unit, unit_name=None):
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
        self.assertGreater(pushed['pushed'].get('applied', 0), 0)
        self.assertEqual(set(pushed['pushed']), {'applied'})
        self.assertEqual(pushed['rejected'], [])
        self.assertEqual(county.json('sync', 'status')['pending'], 0)

        # the prefecture has it, grade II, as an incident of its own list
        pulled = prefecture.json('sync', '--once')
        kinds = {(c['record_kind'], c['owner_unit']) for c in pulled['pulled']}
        self.assertIn(('incident', '520102'), kinds)
        self.assertIn(('incident_event', '520102'), kinds)
        listed = prefecture.json('incident', 'list')['incidents']
        mine = [r for r in listed if r['id'] == logged['id']]
        self.assertEqual(len(mine), 1, listed)
        self.assertEqual(mine[0]['grade'], 'II')
        self.assertEqual(mine[0]['number'], logged['number'])
        # again: nothing new
        self.assertEqual(prefecture.json('sync', '--once')['pulled'], [])
        self.assertTrue(prefecture.ok('audit', 'verify'))

        # a desk of another prefecture never sees it
        seen = outside.json('sync', '--once')
        self.assertNotIn('520102', {c['owner_unit'] for c in seen['pulled']})
        self.assertEqual(outside.sql("SELECT count(*) FROM incidents WHERE owner_unit = '520102'")[0][0], 0)

        # the answer of a push was lost after the server committed: the
        # same ops go again and are acknowledged as duplicates
        n = county.sql("SELECT count(*) FROM sync_outbox WHERE state = 'acked'")[0][0]
        county.sql("UPDATE sync_outbox SET state = 'pending', result = NULL, server_seq = NULL"
                   " WHERE state = 'acked'")
        again = county.json('sync', '--once')
        self.assertEqual(again['pushed'], {'duplicate': n})
        self.assertEqual(county.json('sync', 'status')['pending'], 0)

        # revoked: stopped at once, and told so
        self.server.run('desk', 'revoke', enrolled['desk_id'])
        self.log_grade_ii(county, '又一处滑坡')
        err = county.fails(1, 'sync', '--once', '--json')
        self.assertIn('revoked', err)
        self.assertGreater(county.json('sync', 'status')['pending'], 0)

    def test_concurrent_edits_conflict_on_both_sides(self):
        # two desks of one unit, offline, name their unit differently
        a = Desk(self.tmp, 'a', '520103', '云岩区应急管理局')
        b = Desk(self.tmp, 'b', '520103', '云岩区值班室')
        a.enrol(self.server, '520103')
        b.enrol(self.server, '520103')

        a.json('sync', '--once')
        second = b.json('sync', '--once')
        self.assertEqual(second['pushed'].get('conflict_recorded'), 1, second)
        a.json('sync', '--once')

        mine = a.json('conflicts', 'list')
        theirs = b.json('conflicts', 'list')
        self.assertEqual(len(mine), 1, mine)
        self.assertEqual(len(theirs), 1, theirs)
        self.assertEqual(mine[0]['id'], theirs[0]['id'])
        self.assertEqual(mine[0]['field'], 'unit_name')
        self.assertEqual({mine[0]['winner_value'], mine[0]['loser_value']},
                         {'云岩区应急管理局', '云岩区值班室'})
        self.assertEqual(a.json('sync', 'status')['conflicts'], 1)


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
        self.assertGreater(sum(synced['pushed'].values()), 0)
        self.assertEqual(synced['rejected'], [])
        self.assertIn('520102', [c['record_id'] for c in synced['pulled'] if c['record_kind'] == 'desk'])

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
