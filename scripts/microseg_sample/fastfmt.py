"""Vectorised formatting helpers: numbers and instants to Arrow string arrays without Python loops.

Timestamps are written by filling a fixed-width byte matrix with ASCII digits and handing the
buffer to Arrow as a string array (zero copy), which is ~20x faster than `pyarrow.compute.strftime`.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SECONDS_PER_DAY = 86_400
_ZERO = ord("0")


def civil_from_days(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (H. Hinnant's algorithm)."""
    z = days.astype(np.int64) + 719_468
    era = np.floor_divide(z, 146_097)
    doe = z - era * 146_097
    yoe = (doe - doe // 1_460 + doe // 36_524 - doe // 146_096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = y + (m <= 2)
    return y, m, d


def days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """(year, month, day) -> days since 1970-01-01."""
    y = np.asarray(y, dtype=np.int64) - (np.asarray(m) <= 2)
    m = np.asarray(m, dtype=np.int64)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = np.where(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) // 5 + np.asarray(d, dtype=np.int64) - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def month_start(days: np.ndarray) -> np.ndarray:
    y, m, _ = civil_from_days(days)
    return days_from_civil(y, m, np.ones_like(m))


def add_months(days_first_of_month: np.ndarray, k: np.ndarray) -> np.ndarray:
    """First-of-month day number shifted by k months (k may be negative)."""
    y, m, _ = civil_from_days(days_first_of_month)
    total = y * 12 + (m - 1) + np.asarray(k, dtype=np.int64)
    return days_from_civil(total // 12, total % 12 + 1, np.ones_like(total))


def _put(buf: np.ndarray, col: int, value: np.ndarray, width: int) -> None:
    v = value.astype(np.int64)
    for i in range(width - 1, -1, -1):
        buf[:, col + i] = _ZERO + (v % 10)
        v = v // 10


def _from_fixed(buf: np.ndarray) -> pa.Array:
    n, w = buf.shape
    offsets = np.arange(0, (n + 1) * w, w, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(buf))])


def _time_table() -> np.ndarray:
    sod = np.arange(SECONDS_PER_DAY, dtype=np.int64)
    t = np.empty((SECONDS_PER_DAY, 8), dtype=np.uint8)
    _put(t, 0, sod // 3600, 2)
    t[:, 2] = ord(":")
    _put(t, 3, (sod // 60) % 60, 2)
    t[:, 5] = ord(":")
    _put(t, 6, sod % 60, 2)
    return t


_TIME_TABLE = _time_table()


def _date_table(dmin: int, dmax: int) -> np.ndarray:
    days = np.arange(dmin, dmax + 1, dtype=np.int64)
    y, m, d = civil_from_days(days)
    t = np.empty((len(days), 10), dtype=np.uint8)
    _put(t, 0, y, 4)
    t[:, 4] = ord("-")
    _put(t, 5, m, 2)
    t[:, 7] = ord("-")
    _put(t, 8, d, 2)
    return t


def _datetime_fill(buf: np.ndarray, secs: np.ndarray, sep: int) -> None:
    if len(secs) == 0:
        return
    days = np.floor_divide(secs, SECONDS_PER_DAY)
    sod = secs - days * SECONDS_PER_DAY
    dmin = int(days.min())
    table = _date_table(dmin, int(days.max()))
    buf[:, 0:10] = table[days - dmin]
    buf[:, 10] = sep
    buf[:, 11:19] = _TIME_TABLE[sod]


def utc_string(secs: np.ndarray) -> pa.Array:
    """Epoch seconds -> 'YYYY-MM-DD HH:MM:SS' (UTC)."""
    secs = np.asarray(secs, dtype=np.int64)
    buf = np.empty((len(secs), 19), dtype=np.uint8)
    _datetime_fill(buf, secs, ord(" "))
    return _from_fixed(buf)


def _offset_table(offsets: np.ndarray) -> np.ndarray:
    t = np.empty((len(offsets), 6), dtype=np.uint8)
    t[:, 0] = np.where(offsets < 0, ord("-"), ord("+"))
    a = np.abs(offsets)
    _put(t, 1, a // 60, 2)
    t[:, 3] = ord(":")
    _put(t, 4, a % 60, 2)
    return t


def local_iso_string(utc_secs: np.ndarray, offset_minutes: np.ndarray) -> pa.Array:
    """UTC epoch seconds + UTC offset in minutes -> local ISO-8601 with offset '2026-03-04T09:12:00-05:00'."""
    utc_secs = np.asarray(utc_secs, dtype=np.int64)
    off = np.asarray(offset_minutes, dtype=np.int64)
    buf = np.empty((len(utc_secs), 25), dtype=np.uint8)
    _datetime_fill(buf, utc_secs + off * 60, ord("T"))
    if len(off):
        uniq, inv = np.unique(off, return_inverse=True) if len(off) < 64 else _small_unique(off)
        buf[:, 19:25] = _offset_table(uniq)[inv]
    return _from_fixed(buf)


def _small_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(return_inverse) for small-range integers without sorting."""
    lo = int(values.min())
    span = int(values.max()) - lo + 1
    present = np.zeros(span, dtype=bool)
    present[values - lo] = True
    uniq = np.nonzero(present)[0] + lo
    pos = np.cumsum(present) - 1
    return uniq, pos[values - lo]


def date_array(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.date32(), mask=mask)


def int_string(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def prefixed_id(prefix: str, values: np.ndarray, width: int = 0) -> pa.Array:
    """prefix + zero-padded decimal number, e.g. prefixed_id('ev_', [7], 6) -> 'ev_000007'."""
    v = np.asarray(values, dtype=np.int64)
    if width:
        buf = np.empty((len(v), width), dtype=np.uint8)
        _put(buf, 0, v, width)
        s = _from_fixed(buf)
    else:
        s = int_string(v)
    return pc.binary_join_element_wise(pa.scalar(prefix), s, "")


_HEX_UPPER = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
_HEX_LOWER = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hex_id(prefix: str, values: np.ndarray, width: int, upper: bool = True) -> pa.Array:
    """prefix + fixed-width hexadecimal of non-negative integers (< 16**width), vectorised."""
    v = np.asarray(values, dtype=np.uint64)
    pb = prefix.encode()
    buf = np.empty((len(v), len(pb) + width), dtype=np.uint8)
    buf[:, :len(pb)] = np.frombuffer(pb, dtype=np.uint8)
    table = _HEX_UPPER if upper else _HEX_LOWER
    for i in range(width):
        buf[:, len(pb) + i] = table[((v >> np.uint64(4 * (width - 1 - i))) & np.uint64(15)).astype(np.intp)]
    return _from_fixed(buf)


def concat(*parts) -> pa.Array:
    """Element-wise concatenation of string arrays / python str scalars."""
    parts = [pa.scalar(p) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*parts, "")


def choice_strings(vocab, idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """vocab[idx] as an Arrow string array; rows where mask is True become null."""
    arr = pa.array(list(vocab), type=pa.string())
    return arr.take(pa.array(np.asarray(idx, dtype=np.int64), mask=mask))


def null_where(arr: pa.Array, mask: np.ndarray) -> pa.Array:
    if not mask.any():
        return arr
    return pc.if_else(pa.array(mask), pa.nulls(len(arr), arr.type), arr)


def replace_where(arr: pa.Array, mask: np.ndarray, other: pa.Array) -> pa.Array:
    if not mask.any():
        return arr
    return pc.if_else(pa.array(mask), other, arr)
