// Linux evdev for Swift: the kernel's own header (linux/input.h, no library
// to link). The EVIOC* requests are function-like macros, which Swift does
// not import, and ioctl is variadic: both are wrapped here. BorneTouch is
// the only module that imports this.
#ifndef BORNE_CEVDEV_SHIM_H
#define BORNE_CEVDEV_SHIM_H
#include <linux/input.h>
#include <sys/ioctl.h>

/// sizeof(struct input_event): 24 on 64-bit Linux (timeval 16 + type, code, value).
static inline int borne_evdev_event_size(void) { return (int)sizeof(struct input_event); }

/// EVIOCGABS: minimum and maximum of one absolute axis. -1 and errno when
/// the file is not an evdev device (a FIFO gives ENOTTY).
static inline int borne_evdev_abs(int fd, unsigned axis, int *minimum, int *maximum) {
    struct input_absinfo info;
    int rc = ioctl(fd, EVIOCGABS(axis), &info);
    if (rc < 0) return rc;
    *minimum = info.minimum;
    *maximum = info.maximum;
    return 0;
}

/// EVIOCGBIT: the bitmap of codes of event type `type` (0: the event types).
static inline int borne_evdev_bits(int fd, unsigned type, unsigned char *bits, unsigned length) {
    return ioctl(fd, EVIOCGBIT(type, length), bits);
}

/// EVIOCGPROP: the device's INPUT_PROP_* bitmap (direct, pointer...).
static inline int borne_evdev_props(int fd, unsigned char *bits, unsigned length) {
    return ioctl(fd, EVIOCGPROP(length), bits);
}

/// EVIOCGNAME: the device's name, for the log.
static inline int borne_evdev_name(int fd, char *name, unsigned length) {
    return ioctl(fd, EVIOCGNAME(length), name);
}

/// EVIOCGRAB: 1 takes the device for this file alone, 0 lets it go.
static inline int borne_evdev_grab(int fd, int on) {
    return ioctl(fd, EVIOCGRAB, on);
}
#endif
