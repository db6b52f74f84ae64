"""``TokenTable``: the distinct tokens of a list's names, compared array-wise."""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from ..compare import (
    ARTICLE_SIM,
    FAR_KEYS_CAP,
    GENDER_SIM,
    OTHER_START_CAP,
    SAME_KEY,
    SHORT_SIM,
    SUFFIX_CAP,
    VOWEL_FIRST_CAP,
    Token,
    Tokens,
    _joined,
    article_free,
    expand_short,
    family_suffix,
    gendered,
    name_ending,
    tokens_similarity,
    vowel_start,
)
from .arrays import F64, I64, cpdist, distinct

SLOTS = 3  # tokens per name compared array-wise (longer names: per pair in Python)


class TokenTable:
    """The distinct tokens of a list's names, and every name as token ids, so
    that ``compare.tokens_similarity`` can be computed array-wise: token pairs
    once each with ``rapidfuzz.process.cpdist``, the greedy token matching of
    names over ``SLOTS`` token slots in numpy."""

    def __init__(self, names: list[Tokens]) -> None:
        nn = len(names)
        length = np.fromiter(map(len, names), dtype=np.int64, count=nn)
        # token ids: the first SLOTS tokens of every name, then the joined
        # form of each name of several tokens
        tok_id: dict[Token, int] = {}
        add = tok_id.setdefault
        ids = [add(t, len(tok_id)) for name in names for t in name[:SLOTS]]
        multi = np.flatnonzero(length > 1)
        jids = [add(_joined(names[k]), len(tok_id)) for k in multi.tolist()]
        toks = list(tok_id)
        cnt = np.minimum(length, SLOTS)
        rows = np.repeat(np.arange(nn, dtype=np.int64), cnt)
        cols = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        slots = np.full((nn, SLOTS), -1, dtype=np.int64)
        slots[rows, cols] = ids
        joined = slots[:, 0].copy()
        joined[multi] = jids
        self.names = names
        self.slots, self.length, self.joined = slots, length, joined
        folds: dict[str, int] = {}
        keys: dict[str, int] = {}
        self.fold_id = np.array([folds.setdefault(t.fold, len(folds)) for t in toks], np.int64)
        self.key_id = np.array(
            [keys.setdefault(t.key, len(keys)) if t.key else -1 for t in toks], np.int64
        )
        self.alt_id = np.array([keys.setdefault("~" + t.alt, len(keys)) for t in toks], np.int64)
        # Latin tokens' other reading as a key (Musavi's is Moussavy's key)
        self.alt_key = np.array(
            [keys.setdefault(t.alt, len(keys)) if t.alt and t.latin else -1 for t in toks],
            np.int64,
        )
        # readings with the Arabic article left out, and the full form of a short one
        self.art_id = np.array(
            [keys.setdefault(x, len(keys)) if (x := article_free(t)) else -1 for t in toks],
            np.int64,
        )
        self.short_id = np.array(
            [keys.setdefault(x, len(keys)) if (x := expand_short(t.key)) else -1 for t in toks],
            np.int64,
        )
        self.latin = np.array([t.latin for t in toks], dtype=np.bool_)
        self.vstart = np.array([vowel_start(t) for t in toks], dtype=np.bool_)
        self.ending = np.array([name_ending(t) for t in toks], dtype=np.int64)
        self.toks = toks
        suffixes: dict[str, int] = {"": 0}
        self.suffix = np.array(
            [suffixes.setdefault(family_suffix(t), len(suffixes)) for t in toks], np.int64
        )
        self.fold = np.array([t.fold for t in toks], dtype=object)
        # Latin keys are fewer than tokens (spellings share them): their
        # Levenshtein similarity is computed per distinct pair of keys
        kid: dict[str, int] = {}
        self.key_ix = np.array([kid.setdefault(t.key, len(kid)) for t in toks], np.int64)
        self.key = np.array(list(kid), dtype=object)
        self.alt = np.array([t.alt for t in toks], dtype=object)
        self.key_len = np.array([len(t.key) for t in toks], dtype=np.int64)
        self.alt_len = np.array([len(t.alt) for t in toks], dtype=np.int64)
        self.vowels = np.array([t.vowels for t in toks], dtype=object)
        self.ntok = len(toks)
        # one-token names: the key and other reading of their token (-1 for
        # longer names), to find the same name in another spelling without
        # comparing strings
        first = slots[:, 0]
        single = length == 1
        self.name_key = np.where(single, self.key_id[first], -1)
        self.name_alt = np.where(single, self.alt_id[first], -1)
        self.name_latin = self.latin[first]
        self.name_vstart = self.vstart[first]
        self.name_ending = np.where(single, self.ending[first], 0)
        self.token_memo = _Memo()  # similarity of token pairs already compared
        self.name_memo = _Memo()  # ... and of name pairs

    def fork(self) -> TokenTable:
        """This table with memos of its own (starting from this one's)."""
        t = copy.copy(self)
        t.token_memo, t.name_memo = self.token_memo.fork(), self.name_memo.fork()
        return t

    def token_sims(self, a: I64, b: I64) -> F64:
        """``compare.token_similarity`` of token id pairs."""
        if not len(a):
            return np.empty(0)
        x, y = np.minimum(a, b), np.maximum(a, b)
        n = np.int64(self.ntok)
        uniq, inv = distinct(x * n + y, int(n) * int(n))
        out: F64 = self.token_memo.get(uniq, lambda c: self._sims(c // n, c % n))[inv]
        return out

    def _sims(self, a: I64, b: I64) -> F64:
        s = np.full(len(a), -1.0)
        start = self.vstart[a] == self.vstart[b]  # Ahmad and Hamed: not one key
        s[start & (self.key_id[a] == self.key_id[b])] = SAME_KEY
        s[self.key_id[a] < 0] = -1.0
        s[self.fold_id[a] == self.fold_id[b]] = 1.0
        cross = self.latin[a] != self.latin[b]
        s[(s < 0) & start & cross & (self.alt_id[a] == self.alt_id[b])] = SAME_KEY
        ka, kb, xa, xb = self.key_id[a], self.key_id[b], self.alt_key[a], self.alt_key[b]
        both = self.latin[a] & self.latin[b] & (ka >= 0) & (kb >= 0)
        s[(s < 0) & start & both & (((xa >= 0) & (xa == kb)) | ((xb >= 0) & (xb == ka)))] = SAME_KEY
        # a man's name and the woman's made from it (Karim, Karima): two names
        g = np.flatnonzero((s == SAME_KEY) & (self.ending[a] * self.ending[b] == 2))
        for k in g.tolist():
            if gendered(self.toks[a[k]], self.toks[b[k]]):
                s[k] = GENDER_SIM
        r = np.flatnonzero(s < 0)
        if not len(r):
            return s
        ra, rb = a[r], b[r]
        ka, kb = self.key_ix[ra], self.key_ix[rb]
        nk = np.int64(len(self.key))
        uk, inv = distinct(np.minimum(ka, kb) * nk + np.maximum(ka, kb), int(nk) * int(nk))
        lev = cpdist(self.key[uk // nk], self.key[uk % nk], Levenshtein.normalized_similarity)[inv]
        c = np.flatnonzero(cross[r])
        if len(c):
            lev[c] = np.maximum(
                lev[c], cpdist(self.alt[ra[c]], self.alt[rb[c]], Levenshtein.normalized_similarity)
            )
        lev *= 0.95
        lat = np.flatnonzero(self.latin[ra] & self.latin[rb])
        if len(lat):
            la, lb = ra[lat], rb[lat]
            j = np.maximum(
                cpdist(self.fold[la], self.fold[lb], JaroWinkler.similarity),
                cpdist(self.vowels[la], self.vowels[lb], JaroWinkler.similarity),
            )
            # a long prefix shared, two names (Mohammadali, Mohammadsadeq), as in compare
            hi = np.flatnonzero(j > SUFFIX_CAP)
            if len(hi):
                kx, ky = self.key_ix[la[hi]], self.key_ix[lb[hi]]
                far = cpdist(self.key[kx], self.key[ky], OSA.distance) >= 2
                j[hi[far]] = SUFFIX_CAP
            # vowels alike, most consonants not (Azadi, Aqaei), as in compare
            hi = np.flatnonzero(j > FAR_KEYS_CAP)
            if len(hi):
                j[hi[self._far_keys(la[hi], lb[hi])]] = FAR_KEYS_CAP
            j = np.where(j > lev[lat], j, lev[lat])
            # one root, two family names (Hosseini, Hosseinzadeh)
            other = self.suffix[la] != self.suffix[lb]
            lev[lat] = np.where(other & (j > SUFFIX_CAP), SUFFIX_CAP, j)
        ka, kb = self.key_id[ra], self.key_id[rb]
        # a vowel first on one side only: one key at most "weak", two keys at
        # most "different", as in compare
        cap = np.where(ka == kb, VOWEL_FIRST_CAP, OTHER_START_CAP)
        lev = np.where(~start[r], np.minimum(lev, cap), lev)
        aa, ab = self.art_id[ra], self.art_id[rb]
        art = ((aa >= 0) & (aa == kb)) | ((ab >= 0) & (ab == ka))
        lev[art] = np.maximum(lev[art], ARTICLE_SIM)
        sa, sb = self.short_id[ra], self.short_id[rb]
        short = ((sa >= 0) & (sa == kb)) | ((sb >= 0) & (sb == ka))
        lev[short] = np.maximum(lev[short], SHORT_SIM)
        s[r] = lev
        return s

    def _far_keys(self, a: I64, b: I64) -> npt.NDArray[np.bool_]:
        """``compare.names._far_keys`` of token pairs, array-wise."""
        far = np.ones(len(a), dtype=np.bool_)
        for x, lx in self._readings(a):
            for y, ly in self._readings(b):
                d = cpdist(x, y, OSA.distance)
                far &= (d >= 2) & (2 * d >= np.maximum(lx, ly))
        return far

    def _readings(self, t: I64) -> tuple[tuple[npt.NDArray[np.object_], I64], ...]:
        """The key and other reading of tokens ``t``, each with its length."""
        return (self.key[self.key_ix[t]], self.key_len[t]), (self.alt[t], self.alt_len[t])

    def name_sims(self, x: I64, y: I64) -> F64:
        """``compare.tokens_similarity`` of name id pairs (ids >= 0).  The
        token pairs of all names are looked up at once, then the joined
        (compound) readings of the pairs that need them."""
        out = np.empty(len(x))
        lx, ly = self.length[x], self.length[y]
        sw = lx > ly
        a, b = np.where(sw, y, x), np.where(sw, x, y)
        la, lb = np.minimum(lx, ly), np.maximum(lx, ly)
        big = np.flatnonzero(lb > SLOTS)
        for k in big.tolist():
            out[k] = tokens_similarity(self.names[int(a[k])], self.names[int(b[k])])
        # name pairs grouped by their lengths (shorter name first)
        groups: list[tuple[int, int, I64]] = []
        ta_: list[I64] = []
        tb_: list[I64] = []
        for na in range(1, SLOTS + 1):
            for nb in range(na, SLOTS + 1):
                sel = np.flatnonzero((la == na) & (lb == nb))
                if not len(sel):
                    continue
                groups.append((na, nb, sel))
                ta, tb = self.slots[a[sel], :na], self.slots[b[sel], :nb]
                ta_.append(np.repeat(ta, nb, axis=1).ravel())
                tb_.append(np.tile(tb, (1, na)).ravel())
        if not groups:
            return out
        sims = self.token_sims(np.concatenate(ta_), np.concatenate(tb_))
        low: list[I64] = []
        at = 0
        for na, nb, sel in groups:
            m = sims[at : at + len(sel) * na * nb].reshape(len(sel), na, nb)
            at += len(sel) * na * nb
            if na == 1 and nb == 1:
                out[sel] = m[:, 0, 0]
                continue
            score = _greedy(m)  # greedy matching as compare._greedy
            if na == nb:
                score = np.maximum(score, _greedy(m.transpose(0, 2, 1)))
            else:
                score *= 0.95
            out[sel] = score
            low.append(sel[score < 1.0])
        if low:
            r = np.concatenate(low)
            j = self.token_sims(self.joined[a[r]], self.joined[b[r]])
            out[r] = np.where(j > out[r], j, out[r])
        return out


class _Memo:
    """Values of integer codes computed once: the batch stages (family names,
    then the bounds, then given names) meet many of the same pairs."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.int64)
        self.vals = np.zeros(0)

    def fork(self) -> _Memo:
        m = _Memo()
        m.keys, m.vals = self.keys, self.vals  # never changed in place
        return m

    def get(self, codes: I64, compute: Callable[[I64], F64]) -> F64:
        """The values of sorted distinct ``codes``, computing the new ones."""
        out = np.empty(len(codes))
        pos = np.searchsorted(self.keys, codes)
        if len(self.keys):
            at = np.minimum(pos, len(self.keys) - 1)
            hit = self.keys[at] == codes
            out[hit] = self.vals[at[hit]]
            miss = np.flatnonzero(~hit)
        else:
            miss = np.arange(len(codes))
        if len(miss):
            new = codes[miss]
            out[miss] = compute(new)
            # both sorted: insert in place of re-sorting the memo
            self.keys = np.insert(self.keys, pos[miss], new)
            self.vals = np.insert(self.vals, pos[miss], out[miss])
        return out


def _greedy(m: F64) -> F64:
    """``compare._greedy`` over similarity matrices (pairs x rows x columns):
    each row in turn takes its best unused column (the first on ties)."""
    p, nr, nc = m.shape
    used = np.zeros((p, nc), dtype=np.bool_)
    total = np.zeros(p)
    rows = np.arange(p)
    for r in range(nr):
        row = np.where(used, -1.0, m[:, r, :])
        jb = np.argmax(row, axis=1)
        best = row[rows, jb]
        take = best > 0.0
        used[rows[take], jb[take]] = True
        total += np.where(take, best, 0.0)
    out: F64 = total / nr
    return out
