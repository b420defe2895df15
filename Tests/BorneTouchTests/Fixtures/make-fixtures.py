#!/usr/bin/env python3
"""Writes the recorded evdev streams of BorneTouchTests (*.evdev).

Each file is a sequence of 24-byte `struct input_event` records as the
kernel hands them to a reader on 64-bit little-endian Linux: tv_sec (s64),
tv_usec (s64), type (u16), code (u16), value (s32). No touchscreen is
attached to the build machine, so the streams are written out here, event
by event, following what the kernel's drivers emit (see the kernel's
Documentation/input/multi-touch-protocol.rst and event-codes.rst): protocol
B with its legacy pointer emulation (ABS_X, BTN_TOUCH, BTN_TOOL_*) and
MSC_TIMESTAMP, protocol A with SYN_MT_REPORT, a resistive single-touch
panel, and QEMU's USB tablet (absolute axes 0..32767, BTN_LEFT, a wheel).
Only values that change are sent, as the kernel does. Run from this
directory: python3 make-fixtures.py. The expected taps are in
RecordedStreamTests.swift.
"""
import struct

EV_SYN, EV_KEY, EV_REL, EV_ABS, EV_MSC = 0, 1, 2, 3, 4
SYN_REPORT, SYN_MT_REPORT, SYN_DROPPED = 0, 2, 3
BTN_LEFT, BTN_RIGHT, BTN_TOOL_PEN, BTN_TOOL_FINGER, BTN_TOUCH, BTN_TOOL_DOUBLETAP = 0x110, 0x111, 0x140, 0x145, 0x14a, 0x14d
REL_WHEEL = 0x08
ABS_X, ABS_Y, ABS_PRESSURE = 0x00, 0x01, 0x18
ABS_MT_SLOT, ABS_MT_TOUCH_MAJOR, ABS_MT_POSITION_X, ABS_MT_POSITION_Y, ABS_MT_TRACKING_ID = 0x2f, 0x30, 0x35, 0x36, 0x39
MSC_TIMESTAMP = 0x05


class Stream:
    def __init__(self, msc_timestamp=False):
        """msc_timestamp: hid-multitouch adds MSC_TIMESTAMP to each frame."""
        self.msc_timestamp = msc_timestamp
        self.records = []
        self.usec = 1_700_000_000 * 1_000_000

    def ev(self, type_, code, value):
        self.records.append(struct.pack('<qqHHi', self.usec // 1_000_000, self.usec % 1_000_000, type_, code, value))

    def frame(self, *events, ms=12):
        """Events then SYN_REPORT; the next frame comes `ms` later."""
        for e in events:
            self.ev(*e)
        if self.msc_timestamp:
            self.ev(EV_MSC, MSC_TIMESTAMP, (self.usec // 1000) % 1_000_000)
        self.ev(EV_SYN, SYN_REPORT, 0)
        self.usec += ms * 1000

    def write(self, name):
        with open(name, 'wb') as f:
            f.write(b''.join(self.records))


def protocol_b():
    """Two fingers, then a swipe, then a finger landing where the slot's last one was."""
    s = Stream(msc_timestamp=True)
    # Finger 1 lands in slot 0 (the current slot: no ABS_MT_SLOT sent).
    s.frame((EV_ABS, ABS_MT_TRACKING_ID, 100), (EV_ABS, ABS_MT_POSITION_X, 1000), (EV_ABS, ABS_MT_POSITION_Y, 1000),
            (EV_ABS, ABS_MT_TOUCH_MAJOR, 6),
            (EV_KEY, BTN_TOUCH, 1), (EV_KEY, BTN_TOOL_FINGER, 1), (EV_ABS, ABS_X, 1000), (EV_ABS, ABS_Y, 1000))
    s.frame((EV_ABS, ABS_MT_POSITION_X, 1010), (EV_ABS, ABS_X, 1010))
    # Finger 2 lands in slot 1 while finger 1 is down.
    s.frame((EV_ABS, ABS_MT_SLOT, 1), (EV_ABS, ABS_MT_TRACKING_ID, 101), (EV_ABS, ABS_MT_POSITION_X, 3000),
            (EV_ABS, ABS_MT_POSITION_Y, 3000), (EV_KEY, BTN_TOOL_FINGER, 0), (EV_KEY, BTN_TOOL_DOUBLETAP, 1))
    # Finger 1 lifts: its tap. The emulated pointer jumps to finger 2.
    s.frame((EV_ABS, ABS_MT_SLOT, 0), (EV_ABS, ABS_MT_TRACKING_ID, -1), (EV_KEY, BTN_TOOL_DOUBLETAP, 0),
            (EV_KEY, BTN_TOOL_FINGER, 1), (EV_ABS, ABS_X, 3000), (EV_ABS, ABS_Y, 3000))
    # Finger 2 moves a little and lifts: no tap, it was the second finger.
    s.frame((EV_ABS, ABS_MT_SLOT, 1), (EV_ABS, ABS_MT_POSITION_X, 3005), (EV_ABS, ABS_X, 3005))
    s.frame((EV_ABS, ABS_MT_TRACKING_ID, -1), (EV_KEY, BTN_TOUCH, 0), (EV_KEY, BTN_TOOL_FINGER, 0), ms=300)
    # A new finger in slot 0: a tap.
    s.frame((EV_ABS, ABS_MT_SLOT, 0), (EV_ABS, ABS_MT_TRACKING_ID, 102), (EV_ABS, ABS_MT_POSITION_X, 2000),
            (EV_ABS, ABS_MT_POSITION_Y, 3500), (EV_KEY, BTN_TOUCH, 1), (EV_KEY, BTN_TOOL_FINGER, 1),
            (EV_ABS, ABS_X, 2000), (EV_ABS, ABS_Y, 3500))
    s.frame((EV_ABS, ABS_MT_TRACKING_ID, -1), (EV_KEY, BTN_TOUCH, 0), (EV_KEY, BTN_TOOL_FINGER, 0), ms=300)
    # A swipe: 1200 units to the right, far more than a cell: no tap.
    s.frame((EV_ABS, ABS_MT_TRACKING_ID, 103), (EV_ABS, ABS_MT_POSITION_X, 500), (EV_ABS, ABS_MT_POSITION_Y, 2000),
            (EV_KEY, BTN_TOUCH, 1), (EV_KEY, BTN_TOOL_FINGER, 1), (EV_ABS, ABS_X, 500), (EV_ABS, ABS_Y, 2000))
    for x in (900, 1300, 1700):
        s.frame((EV_ABS, ABS_MT_POSITION_X, x), (EV_ABS, ABS_X, x))
    s.frame((EV_ABS, ABS_MT_TRACKING_ID, -1), (EV_KEY, BTN_TOUCH, 0), (EV_KEY, BTN_TOOL_FINGER, 0), ms=300)
    # A finger landing exactly where the slot's last one lifted: no position is sent.
    s.frame((EV_ABS, ABS_MT_TRACKING_ID, 104), (EV_KEY, BTN_TOUCH, 1), (EV_KEY, BTN_TOOL_FINGER, 1))
    s.frame((EV_ABS, ABS_MT_TRACKING_ID, -1), (EV_KEY, BTN_TOUCH, 0), (EV_KEY, BTN_TOOL_FINGER, 0))
    s.write('mt-protocol-b.evdev')


def protocol_a():
    """Anonymous contacts, each closed by SYN_MT_REPORT."""
    s = Stream()
    def contact(x, y):
        return [(EV_ABS, ABS_MT_POSITION_X, x), (EV_ABS, ABS_MT_POSITION_Y, y), (EV_SYN, SYN_MT_REPORT, 0)]
    s.frame(*contact(1000, 1000), (EV_KEY, BTN_TOUCH, 1))
    s.frame(*contact(1005, 1000), *contact(3000, 3000))   # a second finger
    s.frame(*contact(1008, 1002))                           # it lifts
    s.frame((EV_SYN, SYN_MT_REPORT, 0), (EV_KEY, BTN_TOUCH, 0), ms=300)  # all up: tap
    s.frame(*contact(2000, 3500), (EV_KEY, BTN_TOUCH, 1))
    s.frame((EV_KEY, BTN_TOUCH, 0), ms=300)                 # lift without the empty SYN_MT_REPORT: tap
    s.frame(*contact(500, 2000), (EV_KEY, BTN_TOUCH, 1))    # a swipe: no tap
    s.frame(*contact(1500, 2000))
    s.frame((EV_SYN, SYN_MT_REPORT, 0), (EV_KEY, BTN_TOUCH, 0))
    s.write('mt-protocol-a.evdev')


def single_touch():
    """A resistive panel: BTN_TOUCH, ABS_X, ABS_Y, ABS_PRESSURE, some jitter."""
    s = Stream()
    s.frame((EV_KEY, BTN_TOUCH, 1), (EV_ABS, ABS_X, 1000), (EV_ABS, ABS_Y, 1000), (EV_ABS, ABS_PRESSURE, 40))
    s.frame((EV_ABS, ABS_X, 1020))
    s.frame((EV_ABS, ABS_Y, 990), (EV_ABS, ABS_PRESSURE, 55))
    s.frame((EV_KEY, BTN_TOUCH, 0), (EV_ABS, ABS_PRESSURE, 0), ms=300)
    # The bottom-right corner.
    s.frame((EV_KEY, BTN_TOUCH, 1), (EV_ABS, ABS_X, 4095), (EV_ABS, ABS_Y, 4095), (EV_ABS, ABS_PRESSURE, 40))
    s.frame((EV_KEY, BTN_TOUCH, 0), (EV_ABS, ABS_PRESSURE, 0), ms=300)
    # Slides 120 units (2.3 cells of 51 units): no tap.
    s.frame((EV_KEY, BTN_TOUCH, 1), (EV_ABS, ABS_X, 2000), (EV_ABS, ABS_Y, 2000), (EV_ABS, ABS_PRESSURE, 40))
    s.frame((EV_ABS, ABS_X, 2120))
    s.frame((EV_KEY, BTN_TOUCH, 0), (EV_ABS, ABS_PRESSURE, 0), ms=300)
    # Slides 45 units (under a cell): a tap where it landed.
    s.frame((EV_KEY, BTN_TOUCH, 1), (EV_ABS, ABS_X, 2000), (EV_ABS, ABS_PRESSURE, 40))
    s.frame((EV_ABS, ABS_X, 2045))
    s.frame((EV_KEY, BTN_TOUCH, 0), (EV_ABS, ABS_PRESSURE, 0), ms=300)
    # The reader fell behind: SYN_DROPPED in the middle of a touch: no tap.
    s.frame((EV_KEY, BTN_TOUCH, 1), (EV_ABS, ABS_X, 3000), (EV_ABS, ABS_Y, 3000), (EV_ABS, ABS_PRESSURE, 40))
    s.ev(EV_SYN, SYN_DROPPED, 0)
    s.frame((EV_ABS, ABS_X, 100))
    s.frame((EV_KEY, BTN_TOUCH, 0), (EV_ABS, ABS_PRESSURE, 0), ms=300)
    s.write('single-touch.evdev')


def tablet():
    """QEMU's USB tablet: an absolute pointer with BTN_LEFT; it reports while hovering."""
    s = Stream()
    s.frame((EV_ABS, ABS_X, 16384), (EV_ABS, ABS_Y, 16384))   # hover
    s.frame((EV_ABS, ABS_X, 8000))                            # hover
    s.frame((EV_KEY, BTN_LEFT, 1))
    s.frame((EV_KEY, BTN_LEFT, 0), ms=200)                    # tap
    s.frame((EV_REL, REL_WHEEL, 1))                           # wheel: nothing
    s.frame((EV_KEY, BTN_RIGHT, 1))                           # right button: nothing
    s.frame((EV_KEY, BTN_RIGHT, 0))
    s.frame((EV_ABS, ABS_X, 32767), (EV_ABS, ABS_Y, 0))       # hover to the top-right corner
    s.frame((EV_KEY, BTN_LEFT, 1))
    s.frame((EV_ABS, ABS_X, 32000))                           # drags 1.9 cells: no tap
    s.frame((EV_KEY, BTN_LEFT, 0))
    s.write('tablet-btn-left.evdev')


protocol_b()
protocol_a()
single_touch()
tablet()
