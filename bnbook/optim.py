"""First-order optimizers over named parameter dicts: SGD, Momentum, RMSprop, Adam.

Usage::

    opt = Adam(lr=1e-3)
    opt.step(params, grads)   # params, grads: dict[str, ndarray]; params updated in place

The same update rule is applied to every parameter: weights W, BN's scale γ and shift β alike.
State (velocities, moment estimates, step counts) is kept per parameter name. Every key of
``grads`` must name a parameter of the same shape (ValueError otherwise); parameters without a
gradient are left unchanged. The update is computed in the parameter's dtype (float32 stays
float32) and in place, with work arrays kept in the state: a step allocates no new arrays.

Note: the β's of the optimizers (Momentum's ``beta``, RMSprop's ``beta``, Adam's ``beta1``,
``beta2``) are decay rates of exponential moving averages; they have nothing to do with the shift
β of batch normalization.
"""

from __future__ import annotations

import numpy as np

from . import i18n

__all__ = ["Optimizer", "SGD", "Momentum", "RMSprop", "Adam"]


def _error(en: str, ko: str) -> ValueError:
    return i18n.error(en, ko)


def _check_rate(name: str, value: float, cls: str) -> float:
    value = float(value)
    if not 0.0 <= value < 1.0:
        raise _error(f"{cls}: {name} must be in [0, 1); got {value}",
                     f"{cls}: {name}은(는) [0, 1) 범위여야 합니다; 받은 값 {value}")
    return value


class Optimizer:
    """Base class: validates the dicts and applies :meth:`_update` to each named parameter."""

    def __init__(self, lr: float):
        lr = float(lr)
        if not (lr > 0 and np.isfinite(lr)):
            raise _error(f"{type(self).__name__}: the learning rate lr must be > 0; got {lr}",
                         f"{type(self).__name__}: 학습률 lr은 0보다 커야 합니다; 받은 값 {lr}")
        self.lr = lr
        self.state: dict[str, dict[str, np.ndarray | int]] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update ``params[name]`` in place for every ``name`` in ``grads``.

        params: dict name -> float array (any shape); grads: dict name -> array of the same shape.
        All names and shapes are checked before anything is changed.
        """
        cls = type(self).__name__
        for name, g in grads.items():
            if name not in params:
                raise _error(
                    f"{cls}.step: gradient {name!r} has no parameter; parameters are "
                    f"{sorted(params)}",
                    f"{cls}.step: 기울기 {name!r}에 해당하는 파라미터가 없습니다; 파라미터 목록 "
                    f"{sorted(params)}",
                )
            p = params[name]
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise _error(
                    f"{cls}.step: parameter {name!r} must be a float numpy array (it is updated "
                    f"in place); got {type(p).__name__}",
                    f"{cls}.step: 파라미터 {name!r}은(는) 제자리에서 갱신되므로 실수형 numpy "
                    f"배열이어야 합니다",
                )
            if np.shape(g) != p.shape:
                raise _error(
                    f"{cls}.step: gradient {name!r} has shape {np.shape(g)} but the parameter "
                    f"has shape {p.shape}",
                    f"{cls}.step: 기울기 {name!r}의 모양 {np.shape(g)}이 파라미터 모양 "
                    f"{p.shape}과 다릅니다",
                )
        for name, g in grads.items():
            p = params[name]
            self._update(p, np.asarray(g, dtype=p.dtype), self.state.setdefault(name, {}))

    def _update(self, p: np.ndarray, g: np.ndarray, state: dict) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "state")
        return f"{type(self).__name__}({args})"


def _scratch(state: dict, p: np.ndarray, key: str = "scratch") -> np.ndarray:
    """A work array like p, kept in the state so that a step allocates no new arrays."""
    if key not in state:
        state[key] = np.empty_like(p)
    return state[key]


class SGD(Optimizer):
    """Plain (mini-batch) gradient descent:  p ← p − lr · g."""

    def _update(self, p, g, state):
        step = np.multiply(g, self.lr, out=_scratch(state, p))
        p -= step


class Momentum(Optimizer):
    """Gradient descent with (heavy-ball) momentum, as ``torch.optim.SGD(momentum=beta)``:

        v ← beta · v + g;   p ← p − lr · v      (v starts at 0)

    The form with v ← beta · v + (1 − beta) · g (an exponentially weighted average of the
    gradients) is the same method with lr scaled by (1 − beta).
    """

    def __init__(self, lr: float, beta: float = 0.9):
        super().__init__(lr)
        self.beta = _check_rate("beta", beta, "Momentum")

    def _update(self, p, g, state):
        if "v" not in state:
            state["v"] = np.zeros_like(p)
        v = state["v"]
        v *= self.beta
        v += g
        step = np.multiply(v, self.lr, out=_scratch(state, p))
        p -= step


class RMSprop(Optimizer):
    """RMSprop (Hinton's lecture 6e), as ``torch.optim.RMSprop(alpha=beta, eps=eps)``:

        s ← beta · s + (1 − beta) · g²;   p ← p − lr · g / (√s + eps)      (s starts at 0)
    """

    def __init__(self, lr: float, beta: float = 0.99, eps: float = 1e-8):
        super().__init__(lr)
        self.beta = _check_rate("beta", beta, "RMSprop")
        self.eps = float(eps)

    def _update(self, p, g, state):
        if "s" not in state:
            state["s"] = np.zeros_like(p)
        s, tmp, step = state["s"], _scratch(state, p), _scratch(state, p, "scratch2")
        s *= self.beta
        np.multiply(g, 1 - self.beta, out=tmp)  # (1 − beta) · g · g
        tmp *= g
        s += tmp
        np.sqrt(s, out=tmp)  # √s + eps
        tmp += self.eps
        np.multiply(g, self.lr, out=step)  # lr · g / (√s + eps)
        step /= tmp
        p -= step


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015, Alg. 1) with bias correction:

        t ← t + 1
        m ← beta1 · m + (1 − beta1) · g          (first moment, starts at 0)
        v ← beta2 · v + (1 − beta2) · g²         (second moment, starts at 0)
        m̂ = m / (1 − beta1^t);  v̂ = v / (1 − beta2^t)
        p ← p − lr · m̂ / (√v̂ + eps)

    beta1 and beta2 are decay rates, not batch normalization's shift β. The step count t is kept
    per parameter name.
    """

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(lr)
        self.beta1 = _check_rate("beta1", beta1, "Adam")
        self.beta2 = _check_rate("beta2", beta2, "Adam")
        self.eps = float(eps)

    def _update(self, p, g, state):
        if "t" not in state:
            state["t"] = 0
            state["m"] = np.zeros_like(p)
            state["v"] = np.zeros_like(p)
        state["t"] += 1
        t, m, v = state["t"], state["m"], state["v"]
        tmp, step = _scratch(state, p), _scratch(state, p, "scratch2")
        np.multiply(g, 1 - self.beta1, out=tmp)
        m *= self.beta1
        m += tmp
        np.multiply(g, 1 - self.beta2, out=tmp)  # (1 − beta2) · g · g
        tmp *= g
        v *= self.beta2
        v += tmp
        np.divide(v, 1 - self.beta2**t, out=tmp)  # √v̂ + eps
        np.sqrt(tmp, out=tmp)
        tmp += self.eps
        np.divide(m, 1 - self.beta1**t, out=step)  # lr · m̂ / (√v̂ + eps)
        step *= self.lr
        step /= tmp
        p -= step
