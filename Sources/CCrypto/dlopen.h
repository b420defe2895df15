// Loading a Debian library on first use (dlopen/dlsym, in glibc's libc):
// the loader of Sources/CCrypto/shim.h (libcrypto) and Sources/CCurl/shim.h
// (libcurl, libssl), which include this header. docs/ARCHITECTURE.md,
// "Libraries loaded on first use".
//
// A library that cannot be loaded, or lacks a function, ends the command
// with exit status 72 (EX_OSFILE, ExitCode.osFile) and a message naming it,
// dlerror()'s text and the package to install: never a call through a NULL
// pointer. The statics live in functions (Swift's importer emits the
// functions of a header it uses, not its file-scope variables), and each
// Swift file that calls a wrapper has its own copy of them: dlopen of a
// library already loaded returns the same handle, so that costs one lookup
// per file, never a second copy of the library.
#ifndef BORNE_DLOPEN_H
#define BORNE_DLOPEN_H
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/// EX_OSFILE (sysexits.h; ExitCode.osFile): a system file (here a library) is missing.
#define BORNE_DL_EXIT_OSFILE 72

/// A library and what a message says about it.
struct borne_dl_library {
    const char *soname;   // "libcurl.so.4"
    const char *package;  // its Debian 12 package, "libcurl4"
    const char *purpose;  // what the command needs it for, "HTTP transfers"
};

/// Ends the command: the library (or one of its functions) is not there.
__attribute__((noreturn)) static inline void borne_dl_fail(const struct borne_dl_library *lib, const char *file, const char *symbol, const char *detail) {
    if (!detail) detail = "no detail from dlerror";
    if (symbol)
        fprintf(stderr, "borne: %s has no function %s (%s): it is not the library borne was built for; "
                "reinstall the package %s (apt-get install --reinstall %s)\n", file, symbol, detail, lib->package, lib->package);
    else
        fprintf(stderr, "borne: cannot load %s, which this command needs for %s (%s); "
                "install the package %s (the borne package depends on it: apt-get install %s)\n",
                file, lib->purpose, detail, lib->package, lib->package);
    fflush(stderr);
    exit(BORNE_DL_EXIT_OSFILE);
}

/// The library's handle, opened (RTLD_NOW | RTLD_LOCAL) at the first call and
/// kept in `slot`. Thread-safe: two first calls at once both get the same
/// handle from dlopen (which counts the second), and publish it atomically.
/// BORNE_TEST_DLOPEN_DIR (tests only; nothing sets it on a kiosk) opens
/// DIR/soname instead, so that a test can name a library that is not there.
static inline void *borne_dl_open(void **slot, const struct borne_dl_library *lib) {
    void *h = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (h) return h;
    char path[4096];
    const char *file = lib->soname;
    const char *dir = getenv("BORNE_TEST_DLOPEN_DIR");
    if (dir && *dir) {
        snprintf(path, sizeof path, "%s/%s", dir, lib->soname);
        file = path;
    }
    h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!h) borne_dl_fail(lib, file, NULL, dlerror());
    __atomic_store_n(slot, h, __ATOMIC_RELEASE);
    return h;
}

/// Function `name` of the library `handle` opens, looked up once and kept in
/// `cache` (published atomically, like the handle).
static inline void *borne_dl_sym(void **cache, void *(*handle)(void), const struct borne_dl_library *lib, const char *name) {
    void *f = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
    if (f) return f;
    void *h = handle();
    dlerror();
    f = dlsym(h, name);
    if (!f) borne_dl_fail(lib, lib->soname, name, dlerror());
    __atomic_store_n(cache, f, __ATOMIC_RELEASE);
    return f;
}
#endif
