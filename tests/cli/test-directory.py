#!/usr/bin/python3
# test-directory.py: dutyctl directory as an administrator uses it, on fresh folders.
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run by meson:
#   test-directory.py --dutyctl PATH [unittest args…]

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

DUTYCTL = None

CONTACTS = ('单位,区划,姓名,职务,办公电话,手机,值班电话,传真,备注\n'
            '南明区应急管理局,520102,,,,,0851-85812345,0851-85812346,\n'
            '南明区应急管理局,520102,李明,局长,0851-85812300,13908510001,,,\n'
            '云岩区应急管理局,520103,,,,,0851-86812345,,\n')
TEAMS = ('队伍名称,类别,专业领域,主管单位,区划,联系电话\n'
         '南明区山体滑坡抢险队,专业,地质灾害;山体滑坡,520102-zrzyj,520102,13985012345\n'
         '贵阳市地质灾害应急救援中心,专业,地质灾害,520100,520100,13809851006\n'
         '云岩区地质灾害抢险队,专业,地质灾害,520103,520103,13908520009\n'
         '南明区蓝天救援队,志愿者,水域救援,,520102,13885090001\n')
EXPERTS = ('姓名,专业领域,工作单位,职称,手机,区划\n'
           '龙海,地质灾害,南明区自然资源局,工程师,13985012346,520102\n'
           '石磊,地质灾害,贵州省地质环境监测院,正高级工程师,13908500011,520000\n')
WAREHOUSES = ('仓库名称,主管单位,区划,级别,联系电话\n'
              '南明区应急物资储备库,520102-yjj,520102,县级,0851-85812399\n')
STOCK = ('仓库,物资名称,物资类别,数量,计量单位,更新日期\n'
         '南明区应急物资储备库,编织袋,防汛抢险,20000,条,2026-04-10\n')
PLANS = ('预案名称,预案级别,适用事件,编制单位,版本,发布日期,附件\n'
         '南明区突发地质灾害应急预案,县级,natural.geological,520102,2024版,2024-05-20,\n'
         '贵阳市突发地质灾害应急预案,市级,natural.geological,520100,2023版,2023-06-30,\n')
SHEETS = [('contacts', CONTACTS, 3), ('teams', TEAMS, 4), ('experts', EXPERTS, 2),
          ('warehouses', WAREHOUSES, 1), ('stock', STOCK, 1), ('plans', PLANS, 2)]


class DirectoryTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='dutyctl-directory-')
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.db = os.path.join(self.tmp, 'desk.db')
        self.ok('init', '--unit-code', '520102')

    def env(self):
        env = dict(os.environ)
        env['LC_ALL'] = 'C.UTF-8'
        env.pop('LANGUAGE', None)
        env['DUTY_DESK_DB'] = os.path.join(self.tmp, 'never-used.db')
        env['XDG_DATA_HOME'] = os.path.join(self.tmp, 'xdg-data')
        return env

    def run_dutyctl(self, *args, db=None):
        argv = [DUTYCTL, '--db', db or self.db] + list(args)
        return subprocess.run(argv, capture_output=True, env=self.env(), timeout=120)

    def ok(self, *args, **kwargs):
        res = self.run_dutyctl(*args, **kwargs)
        self.assertEqual(res.returncode, 0, 'dutyctl %r failed: %s' % (args, res.stderr.decode(errors='replace')))
        return res

    def json(self, *args, **kwargs):
        return json.loads(self.ok(*args, '--json', **kwargs).stdout.decode('utf-8'))

    def write(self, name, text, encoding='utf-8-sig'):
        path = os.path.join(self.tmp, name)
        with open(path, 'wb') as f:
            f.write(text.encode(encoding))
        return path

    def import_all(self, encoding='utf-8-sig', db=None):
        for kind, text, n in SHEETS:
            path = self.write(kind + '.csv', text, encoding)
            out = self.json('directory', 'import', '--kind', kind, path, db=db)
            self.assertTrue(out['ok'])
            self.assertEqual(out['new'], n, kind)

    def search(self, *args):
        return self.json('directory', 'search', *args)['results']

    def sql(self, query):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(query).fetchall()
        finally:
            con.close()


class ImportExportTests(DirectoryTestCase):
    def test_import_utf8_bom_every_kind(self):
        self.import_all('utf-8-sig')
        self.assertEqual(len(self.search('--limit', '100')), 13)

    def test_import_gb18030_every_kind(self):
        for kind, text, n in SHEETS:
            path = self.write(kind + '.csv', text, 'gb18030')
            out = self.json('directory', 'import', '--kind', kind, path)
            self.assertEqual(out['encoding'], 'GB18030')
            self.assertEqual(out['imported'], n)
        self.assertEqual([r['name'] for r in self.search('山体滑坡')], ['南明区山体滑坡抢险队'])

    def test_bad_rows_import_nothing_and_every_line_is_reported(self):
        text = ('姓名,专业领域,工作单位,职称,手机,区划\n'
                '甲,地质,单位,,,520102\n'
                ',地质,单位,,,520102\n'
                '乙,地质,单位,,,123456\n'
                '丙,地质,单位,,,520102\n'
                '丁,地质,单位,,,5201\n')
        path = self.write('bad.csv', text)
        before = self.sql('SELECT count(*) FROM audit_journal')[0][0]
        res = self.run_dutyctl('directory', 'import', '--kind', 'experts', path, '--json')
        self.assertEqual(res.returncode, 2)
        out = json.loads(res.stdout.decode())
        self.assertFalse(out['ok'])
        self.assertEqual([p['line'] for p in out['problems']], [3, 4, 6])
        err = res.stderr.decode()
        for line in (3, 4, 6):
            self.assertIn('line %d:' % line, err)
        self.assertEqual(self.sql('SELECT count(*) FROM dir_expert')[0][0], 0)
        self.assertEqual(self.sql('SELECT count(*) FROM audit_journal')[0][0], before)

    def test_export_reimports_identically(self):
        self.import_all()
        other = os.path.join(self.tmp, 'other.db')
        self.ok('init', '--unit-code', '520102', db=other)
        for kind, _text, n in SHEETS:
            first = os.path.join(self.tmp, kind + '-1.csv')
            second = os.path.join(self.tmp, kind + '-2.csv')
            self.ok('directory', 'export', '--kind', kind, '-o', first)
            with open(first, 'rb') as f:
                data = f.read()
            self.assertTrue(data.startswith(b'\xef\xbb\xbf'))
            again = self.json('directory', 'import', '--kind', kind, first)
            self.assertEqual((again['new'], again['changed'], again['unchanged']), (0, 0, n))
            self.json('directory', 'import', '--kind', kind, first, db=other)
            self.ok('directory', 'export', '--kind', kind, '-o', second, db=other)
            with open(second, 'rb') as f:
                self.assertEqual(f.read(), data, kind)

    def test_usage_errors(self):
        for args in (['directory', 'import', 'x.csv'],
                     ['directory', 'import', '--kind', 'people', 'x.csv'],
                     ['directory', 'export', '--kind', 'teams'],
                     ['directory', 'suggest', '--division', '520102'],
                     ['directory', 'suggest', '--subtype', 'natural.volcano', '--division', '520102'],
                     ['directory', 'stale', '--at', 'yesterday'],
                     ['directory', 'frobnicate']):
            with self.subTest(args=args):
                res = self.run_dutyctl(*args)
                self.assertEqual(res.returncode, 2, res.stderr)
                self.assertTrue(res.stderr.decode().startswith('dutyctl: '))


class SearchTests(DirectoryTestCase):
    def setUp(self):
        super().setUp()
        self.import_all()

    def test_chinese_substrings(self):
        self.assertEqual([r['name'] for r in self.search('滑坡')], ['南明区山体滑坡抢险队'])
        self.assertEqual([r['name'] for r in self.search('体滑坡抢')], ['南明区山体滑坡抢险队'])
        names = [r['name'] for r in self.search('地质灾害', '--kind', 'experts')]
        self.assertEqual(sorted(names), ['石磊', '龙海'])

    def test_phone_fragments(self):
        results = self.search('85812')
        names = {r['name'] for r in results}
        self.assertIn('李明', names)
        self.assertIn('南明区应急管理局', names)
        unit = [r for r in results if r['name'] == '南明区应急管理局'][0]
        self.assertEqual(unit['phones'], ['0851-85812345', '0851-85812346'])
        self.assertEqual([r['name'] for r in self.search('085185812300')], ['李明'])

    def test_result_shape(self):
        r = self.search('山体滑坡')[0]
        for key in ('kind', 'id', 'name', 'division', 'phones', 'stale', 'verified_at'):
            self.assertIn(key, r)
        self.assertEqual(r['kind'], 'team')
        self.assertEqual(r['division'], '520102')
        self.assertTrue(r['stale'])
        self.assertIsNone(r['verified_at'])

    def test_filters(self):
        names = [r['name'] for r in self.search('地质灾害', '--kind', 'teams', '--division', '520103')]
        self.assertEqual(names, ['云岩区地质灾害抢险队'])
        names = [r['name'] for r in self.search('--class', 'volunteer')]
        self.assertEqual(names, ['南明区蓝天救援队'])
        self.assertEqual(len(self.search('--kind', 'teams', '--division', '520100')), 4)
        self.assertEqual(len(self.search('--kind', 'teams', '--limit', '2')), 2)


class SuggestTests(DirectoryTestCase):
    def test_same_division_first_then_parent(self):
        self.import_all()
        out = self.json('directory', 'suggest', '--subtype', 'natural.geological', '--division', '520102')
        self.assertEqual(set(out), {'teams', 'experts', 'warehouses', 'plans'})
        self.assertEqual([t['name'] for t in out['teams']],
                         ['南明区山体滑坡抢险队', '贵阳市地质灾害应急救援中心', '云岩区地质灾害抢险队'])
        self.assertEqual([t['distance'] for t in out['teams']], [0, 1, 101])
        self.assertEqual([p['name'] for p in out['plans']],
                         ['南明区突发地质灾害应急预案', '贵阳市突发地质灾害应急预案'])
        self.assertEqual([e['name'] for e in out['experts']], ['龙海', '石磊'])


class StaleVerifyTests(DirectoryTestCase):
    def test_stale_boundary_and_journal(self):
        self.import_all()
        stale = self.json('directory', 'stale', '--at', '2026-01-01')['stale']
        self.assertEqual(len(stale), 12)   # every kind but stock, never verified
        for e in stale:
            self.assertEqual(set(('kind', 'id', 'name', 'verified_at')) - set(e), set())
        team = [e for e in stale if e['name'] == '南明区山体滑坡抢险队'][0]
        ops = self.sql("SELECT count(*) FROM sync_outbox")[0][0]
        out = self.json('directory', 'verify', '--kind', 'team', team['id'], '--at', '2026-01-01',
                        '--by', '王值班')
        self.assertEqual(out['verified_by'], '王值班')
        self.assertEqual(self.sql("SELECT count(*) FROM sync_outbox")[0][0], ops + 1)
        self.assertEqual(self.sql("SELECT record_kind, op FROM sync_outbox ORDER BY seq DESC LIMIT 1"),
                         [('verification', 'append')])
        self.assertEqual(self.sql("SELECT action FROM audit_journal ORDER BY seq DESC LIMIT 1"),
                         [('directory.verify',)])
        ids = lambda at: {e['id'] for e in self.json('directory', 'stale', '--at', at)['stale']}
        self.assertNotIn(team['id'], ids('2026-04-01'))            # exactly 90 days
        self.assertIn(team['id'], ids('2026-04-01T00:00:00.001+08:00'))
        self.ok('audit', 'verify')

    def test_verify_unknown(self):
        res = self.run_dutyctl('directory', 'verify', '--kind', 'team', '01a22b05-0000-7000-8000-000000000000')
        self.assertEqual(res.returncode, 1)


class EditTests(DirectoryTestCase):
    def setUp(self):
        super().setUp()
        self.import_all()

    def test_edit_verify_and_journal(self):
        expert = self.search('龙海')[0]
        ops = self.sql('SELECT count(*) FROM sync_outbox')[0][0]
        out = self.json('directory', 'edit', '--kind', 'expert', expert['id'],
                        '--set', 'mobile=13800000000', '--set', 'title=高级工程师', '--verify', '--by', '王值班')
        self.assertEqual(sorted(out['changed']), ['mobile', 'title'])
        self.assertIn('mobile: 13985012346 → 13800000000', out['verification_note'])
        self.assertEqual(self.sql('SELECT count(*) FROM sync_outbox')[0][0], ops + 2)
        self.assertEqual(self.sql("SELECT action FROM audit_journal ORDER BY seq DESC LIMIT 2"),
                         [('directory.verify',), ('directory.edit',)])
        r = self.search('13800000000')[0]
        self.assertEqual((r['name'], r['verified_by'], r['stale']), ('龙海', '王值班', False))
        self.ok('audit', 'verify')

    def test_bad_cells_save_nothing(self):
        team = self.search('山体滑坡')[0]
        before = self.sql('SELECT count(*) FROM audit_journal')[0][0]
        res = self.run_dutyctl('directory', 'edit', '--kind', 'team', team['id'],
                               '--set', 'division=999999', '--set', 'headcount=十', '--set', 'class=')
        self.assertEqual(res.returncode, 2)
        err = res.stderr.decode()
        for column in ('division', 'headcount', 'class'):
            self.assertIn(column + ':', err)
        self.assertEqual(self.sql('SELECT count(*) FROM audit_journal')[0][0], before)
        for args in (['--set', 'blood_type=A'], ['--set', 'no-equals-sign'], []):
            with self.subTest(args=args):
                res = self.run_dutyctl('directory', 'edit', '--kind', 'team', team['id'], *args)
                self.assertEqual(res.returncode, 2, res.stderr)

    def test_add_and_remove_a_person(self):
        out = self.json('directory', 'add', '--kind', 'contact', '--set', 'unit=南明区应急管理局',
                        '--set', 'division=520102', '--set', 'name=陈静', '--set', 'mobile=13908510009')
        self.assertEqual([r['id'] for r in self.search('陈静')], [out['id']])
        self.ok('directory', 'remove', '--kind', 'contact', out['id'])
        self.assertEqual(self.search('陈静'), [])
        self.assertEqual(self.sql("SELECT op FROM sync_outbox ORDER BY seq DESC LIMIT 1"), [('delete',)])
        unit = [r for r in self.search('0851-85812345') if r['name'] == '南明区应急管理局'][0]
        res = self.run_dutyctl('directory', 'remove', '--kind', 'contact', unit['id'])
        self.assertNotEqual(res.returncode, 0)

    def test_change_requests_usage(self):
        team = self.search('山体滑坡')[0]
        self.assertEqual(self.json('directory', 'requests'), {'requests': []})
        before = self.sql('SELECT count(*) FROM audit_journal')[0][0]
        for args in (['directory', 'request', '--kind', 'team', team['id']],
                     ['directory', 'request', '--kind', 'team', team['id'], '--remove', '--set', 'phone=1'],
                     ['directory', 'request', '--kind', 'team'],
                     # this desk publishes it: it edits it instead
                     ['directory', 'request', '--kind', 'team', team['id'], '--set', 'phone=0851-1'],
                     ['directory', 'answer', '01a22c00-0000-7000-8000-000000000001'],
                     ['directory', 'answer', '--accept', '--decline', '01a22c00-0000-7000-8000-000000000001'],
                     ['directory', 'answer', '--accept']):
            with self.subTest(args=args):
                res = self.run_dutyctl(*args)
                self.assertEqual(res.returncode, 2, res.stderr)
                self.assertTrue(res.stderr.decode().startswith('dutyctl: '), res.stderr)
        res = self.run_dutyctl('directory', 'answer', '--accept', '01a22c00-0000-7000-8000-000000000001')
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertIn('No change request', res.stderr.decode())
        self.assertEqual(self.sql('SELECT count(*) FROM audit_journal')[0][0], before)

    def test_pinyin_initials(self):
        names = [r['name'] for r in self.search('nmq')]
        self.assertIn('南明区应急管理局', names)
        self.assertIn('南明区山体滑坡抢险队', names)
        self.assertNotIn('云岩区应急管理局', names)
        self.assertEqual([r['name'] for r in self.search('lm', '--kind', 'contacts')], ['李明'])

    def test_plan_sections_column(self):
        path = self.write('plan-sections.csv',
                          'title,owner_unit,sections\n'
                          '南明区突发地质灾害应急预案,520102,"组织体系|区指挥部||响应措施|转移群众"\n')
        out = self.json('directory', 'import', '--kind', 'plans', path)
        self.assertEqual(out['changed'], 1)
        exported = os.path.join(self.tmp, 'plans-out.csv')
        self.ok('directory', 'export', '--kind', 'plans', '-o', exported)
        with open(exported, encoding='utf-8-sig') as f:
            self.assertIn('组织体系|区指挥部||响应措施|转移群众', f.read())
        again = self.json('directory', 'import', '--kind', 'plans', exported)
        self.assertEqual(again['unchanged'], 2)


class WhereaboutsTests(DirectoryTestCase):
    def test_add_and_list(self):
        self.json('directory', 'whereabouts', 'add', '--person', '李明', '--post', '局长',
                  '--unit', '520102-yjj', '--from', '2026-07-01', '--to', '2026-07-03',
                  '--status', '出差', '--place', '北京', '--stand-in', '陈静', '--stand-in-phone', '13908510002')
        out = self.json('directory', 'whereabouts', 'list', '--date', '2026-07-02')
        self.assertEqual(len(out['whereabouts']), 1)
        w = out['whereabouts'][0]
        self.assertEqual((w['person'], w['status'], w['stand_in']), ('李明', 'travelling', '陈静'))
        self.assertEqual(self.json('directory', 'whereabouts', 'list', '--date', '2026-07-04')['whereabouts'], [])
        res = self.run_dutyctl('directory', 'whereabouts', 'add', '--person', '李明', '--from', '2026-07-01',
                               '--status', 'flying')
        self.assertEqual(res.returncode, 2)


def main():
    global DUTYCTL
    parser = argparse.ArgumentParser()
    parser.add_argument('--dutyctl', required=True)
    args, rest = parser.parse_known_args()
    DUTYCTL = os.path.abspath(args.dutyctl)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == '__main__':
    main()
