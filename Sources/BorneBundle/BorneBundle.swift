/// BorneBundle — signed, content-addressed content bundles: the manifest,
/// SHA-256 objects, Ed25519 signatures (libcrypto), verification, and the
/// atomic install of a version on a kiosk (stage, fsync, swap `current`,
/// keep the last versions, rollback).
///
/// It must never trust its input: a bundle, from HTTP or a USB stick, is
/// checked entirely before anything it names is installed.
public enum BorneBundle {}
