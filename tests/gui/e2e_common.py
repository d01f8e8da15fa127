# e2e_common.py
#
# Copyright 2026 The Duty Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of the AT-SPI end-to-end tests: finding accessibles, waiting
for the application (another process) with a bounded poll, and keys."""
import time

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

TIMEOUT = 30.0
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
    found = find_all(root, role, name, pred)
    if not found:
        raise LookupError(f'no {role} {name or ""!r}')
    return found[0]


def wait_for(cond, what, timeout=TIMEOUT):
    """Polls @cond (the app runs in another process) until it holds."""
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


def find_app(proc):
    """The accessible application of the started process @proc."""
    end = time.time() + TIMEOUT
    while time.time() < end:
        if proc.poll() is not None:
            raise AssertionError(f'duty-desk exited with {proc.returncode}')
        desk = Atspi.get_desktop(0)
        for i in range(desk.get_child_count()):
            a = desk.get_child_at_index(i)
            if a is not None and a.get_process_id() == proc.pid and a.get_child_count() > 0:
                return a
        time.sleep(0.05)
    raise AssertionError('duty-desk did not show up on the AT-SPI bus')
