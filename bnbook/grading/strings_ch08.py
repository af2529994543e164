# ruff: noqa: E501
"""Chapter 8 feedback strings (Korean 합니다체 / plain English)."""

from __future__ import annotations

from .. import i18n

STRINGS = {
    # -- task titles and test names ----------------------------------------------------------------
    "task.08.groupnorm_forward": {"ko": "그룹 정규화의 순전파", "en": "group normalization, forward pass"},
    "task.08.groupnorm_backward": {"ko": "그룹 정규화의 역전파", "en": "group normalization, backward pass"},
    "task.08.values_per_stat": {"ko": "BN의 통계 하나에 드는 값의 수", "en": "how many values one BN statistic averages"},
    "task.08.small_batch_norm": {"ko": "배치 크기 1로 학습하는 신경망의 정규화", "en": "a normalization for training with batch size 1"},
    "task.08.keras_to_torch": {"ko": "Keras의 momentum을 PyTorch로", "en": "Keras' momentum in PyTorch"},
    "task.08.norm_growth": {"ko": "SGD 한 스텝 뒤의 ‖W‖² (유도)", "en": "‖W‖² after one SGD step (derivation)"},
    "task.08.eff_lr": {"ko": "‖W‖가 두 배가 되면 유효 학습률은", "en": "the effective learning rate when ‖W‖ doubles"},
    "task.08.explore_growth": {"ko": "측정: ‖W‖²의 증가와 η²Σ‖∇L‖²", "en": "measured: the growth of ‖W‖² against η²Σ‖∇L‖²"},
    "t08.returns": {"ko": "반환값의 형식과 모양", "en": "return type and shapes"},
    "t08.gn_values": {"ko": "출력 값 (G = 1, 2, 3, C)", "en": "output values (G = 1, 2, 3, C)"},
    "t08.alone": {"ko": "예제 하나의 출력이 배치와 무관한가", "en": "one example's output independent of its batch"},
    "t08.gnb_params": {"ko": "dgamma와 dbeta", "en": "dgamma and dbeta"},
    "t08.gnb_dx": {"ko": "dx", "en": "dx"},
    # -- 08.groupnorm_forward ------------------------------------------------------------------------
    "fb08.gn.tuple": {
        "ko": "이 과제의 groupnorm_forward는 out 하나만 반환합니다(캐시 없이): return out.",
        "en": "This task's groupnorm_forward returns out only (no cache): return out."},
    "fb08.gn.bn_axes": {
        "ko": "통계를 축 (0, 2, 3)으로 구했습니다. 그것은 배치 정규화(예제 N개와 H·W에 걸쳐 채널마다)입니다. 그룹 정규화는 예제마다 따로, 그룹 하나의 (C/G)·H·W개 값으로 구합니다: x.reshape(N, G, C // G, H, W)의 축 (2, 3, 4).",
        "en": "Your statistics are over axes (0, 2, 3): that is batch normalization (per channel, over the N examples and H·W). Group normalization takes them per example, over the (C/G)·H·W values of one group: axes (2, 3, 4) of x.reshape(N, G, C // G, H, W)."},
    "fb08.gn.batch_groups": {
        "ko": "그룹으로 묶은 것은 맞지만 통계에 배치 축 0까지 넣었습니다. 그룹 정규화는 예제마다 따로 정규화합니다: 축 (2, 3, 4)만 쓰세요. 그래야 예제 하나의 출력이 배치와 무관합니다.",
        "en": "The groups are right, but your statistics also run over the batch axis 0. Group normalization normalizes each example on its own: use axes (2, 3, 4) only, so that one example's output does not depend on its batch."},
    "fb08.gn.unbiased": {
        "ko": "분산을 불편 추정(ddof=1)으로 구했습니다. 정규화에 쓰는 분산은 편향 분산(1/K, np.var의 기본값)입니다. BN, LN, IN, GN 모두 같습니다(PyTorch도 같습니다).",
        "en": "Your variance is the unbiased one (ddof=1). The variance used for normalizing is the biased one (1/K, np.var's default), in BN, LN, IN and GN alike (and in PyTorch)."},
    "fb08.gn.eps_outside": {
        "ko": "ε을 제곱근 밖에 더했습니다. x̂ = (x − μ)/√(σ² + ε)입니다: np.sqrt(var + eps).",
        "en": "You added ε outside the square root. x̂ = (x − μ)/√(σ² + ε): np.sqrt(var + eps)."},
    "fb08.gn.no_affine": {
        "ko": "정규화까지는 맞지만 γ와 β를 적용하지 않았습니다: out = gamma[:, None, None] * x_hat + beta[:, None, None] (채널마다 하나씩).",
        "en": "The normalization is right, but γ and β are not applied: out = gamma[:, None, None] * x_hat + beta[:, None, None] (one per channel)."},
    "fb08.gn.instance": {
        "ko": "채널마다 따로 정규화했습니다(G = C인 인스턴스 정규화). 이 검사의 G = {G}, C = {C}에서는 그룹 하나가 C/G개의 연속한 채널을 묶습니다: x.reshape(N, G, C // G, H, W).",
        "en": "You normalized each channel on its own (instance normalization, G = C). With this test's G = {G}, C = {C} a group holds C/G consecutive channels: x.reshape(N, G, C // G, H, W)."},
    "fb08.gn.layer": {
        "ko": "예제의 모든 채널을 한꺼번에 정규화했습니다(G = 1인 층 정규화). 이 검사의 G = {G}에서는 채널을 G개 그룹으로 나눠 그룹마다 통계를 구합니다.",
        "en": "You normalized all channels of an example together (layer normalization, G = 1). With this test's G = {G} the channels are split into G groups with one statistic each."},
    "fb08.gn.interleaved": {
        "ko": "그룹을 건너뛰며 묶었습니다(채널 c가 그룹 c % G). 그룹은 연속한 C/G개 채널입니다: 채널 c는 그룹 c // (C/G)이고, x.reshape(N, G, C // G, H, W)가 바로 그렇게 묶습니다. reshape(N, C // G, G, H, W)는 순서가 다릅니다.",
        "en": "Your groups are interleaved (channel c in group c % G). A group is C/G consecutive channels: channel c is in group c // (C/G), which is what x.reshape(N, G, C // G, H, W) gives; reshape(N, C // G, G, H, W) groups differently."},
    "fb08.gn.depends_on_batch": {
        "ko": "예제 하나를 따로 넣었을 때의 출력이 배치 안에서의 출력과 다릅니다. 그룹 정규화의 통계는 예제마다 따로 구하므로 다른 예제에 영향을 받지 않아야 합니다.",
        "en": "One example fed alone gets a different output than inside its batch. Group normalization's statistics are per example, so other examples must not change them."},
    "fb08.gn.generic": {
        "ko": "출력이 기준과 다릅니다(G = {G}, C = {C}). 순서대로 확인하세요: (1) x.reshape(N, G, C // G, H, W), (2) 축 (2, 3, 4)로 평균과 편향 분산(keepdims=True), (3) (x − μ)/√(σ² + ε), (4) 원래 모양으로 되돌린 뒤 채널마다 γ, β.",
        "en": "The output differs from the reference (G = {G}, C = {C}). Check in order: (1) x.reshape(N, G, C // G, H, W), (2) mean and biased variance over axes (2, 3, 4) (keepdims=True), (3) (x − μ)/√(σ² + ε), (4) back to the original shape, then γ, β per channel."},
    # -- 08.groupnorm_backward -----------------------------------------------------------------------
    "fb08.gnb.param_shape": {
        "ko": "{name}의 모양이 {got}입니다. 채널마다 하나씩이므로 (C,) = ({C},)이어야 합니다: 축 (0, 2, 3)으로 더하세요.",
        "en": "{name} has shape {got}; it is one value per channel, shape (C,) = ({C},): sum over axes (0, 2, 3)."},
    "fb08.gnb.dbeta": {
        "ko": "dbeta가 틀렸습니다. out = γ·x̂ + β에서 β는 채널마다 모든 예제와 위치에 더해지므로 dbeta = dout.sum(axis=(0, 2, 3))입니다.",
        "en": "dbeta is wrong. In out = γ·x̂ + β, β is added at every example and position of its channel, so dbeta = dout.sum(axis=(0, 2, 3))."},
    "fb08.gnb.dgamma_x": {
        "ko": "dgamma에 x를 썼습니다. γ가 곱해지는 것은 정규화된 x̂이므로 dgamma = (dout * x_hat).sum(axis=(0, 2, 3))입니다.",
        "en": "Your dgamma uses x. γ multiplies the normalized x̂, so dgamma = (dout * x_hat).sum(axis=(0, 2, 3))."},
    "fb08.gnb.dgamma": {
        "ko": "dgamma가 틀렸습니다: dgamma = (dout * x_hat).sum(axis=(0, 2, 3)). x̂는 그룹별 통계로 정규화한 값입니다.",
        "en": "dgamma is wrong: dgamma = (dout * x_hat).sum(axis=(0, 2, 3)), with x̂ normalized by the group statistics."},
    "fb08.gnb.only_scale": {
        "ko": "dx = g/σ만 계산했습니다(g = dout·γ). μ와 σ도 그룹의 모든 x에 의존하므로 두 항이 더 있습니다: dx = (1/σ)(g − mean(g) − x̂·mean(g·x̂)), 평균은 그룹 안에서.",
        "en": "You computed dx = g/σ only (g = dout·γ). μ and σ depend on every x of the group too, which adds two terms: dx = (1/σ)(g − mean(g) − x̂·mean(g·x̂)), means within the group."},
    "fb08.gnb.no_mean_term": {
        "ko": "평균 μ를 거치는 항 −mean(g)가 빠졌습니다: dx = (1/σ)(g − mean(g) − x̂·mean(g·x̂)).",
        "en": "The term through the mean μ, −mean(g), is missing: dx = (1/σ)(g − mean(g) − x̂·mean(g·x̂))."},
    "fb08.gnb.no_var_term": {
        "ko": "분산 σ²를 거치는 항 −x̂·mean(g·x̂)가 빠졌습니다: dx = (1/σ)(g − mean(g) − x̂·mean(g·x̂)).",
        "en": "The term through the variance σ², −x̂·mean(g·x̂), is missing: dx = (1/σ)(g − mean(g) − x̂·mean(g·x̂))."},
    "fb08.gnb.no_gamma": {
        "ko": "g = dout·γ 대신 dout을 썼습니다. x̂에서 본 기울기는 dL/dx̂ = dout·γ(채널마다 γ)입니다.",
        "en": "You used dout instead of g = dout·γ. The gradient with respect to x̂ is dL/dx̂ = dout·γ (γ per channel)."},
    "fb08.gnb.sum_not_mean": {
        "ko": "그룹 안에서 평균 대신 합을 썼습니다. 공식의 mean은 그룹의 K = (C/G)·H·W개 값에 대한 평균입니다(합을 K로 나눈 값).",
        "en": "You used sums over the group where the formula has means: mean over the K = (C/G)·H·W values of the group (the sum divided by K)."},
    "fb08.gnb.generic": {
        "ko": "dx가 기준과 다릅니다(G = {G}). 그룹마다 (C/G)·p·q개 값에 대해 dx = (δ − mean(δ) − x̂·mean(δ·x̂))/√(σ² + ε), δ = dout·γ입니다. reshape(N, G, -1)로 그룹을 만들고 축 2로 평균하세요. BN의 역전파와 같은 식이고 축만 다릅니다.",
        "en": "dx differs from the reference (G = {G}). Per group of (C/G)·p·q values, dx = (δ − mean(δ) − x̂·mean(δ·x̂))/√(σ² + ε) with δ = dout·γ. Form the groups with reshape(N, G, -1) and take means over axis 2: it is BN's backward pass with other axes."},
    # -- conceptual questions --------------------------------------------------------------------------
    "fb08.vps.all": {
        "ko": "({got})는 텐서 전체의 값 수입니다. BN은 채널마다 따로 통계를 구하므로 채널 하나의 N·H·W개 값만 씁니다.",
        "en": "({got}) is the whole tensor. BN keeps one statistic per channel, over that channel's N·H·W values."},
    "fb08.vps.layer": {
        "ko": "({got}) = C·H·W는 층 정규화가 예제 하나에서 쓰는 값의 수입니다. BN은 채널 하나를 모든 예제에 걸쳐 봅니다: N·H·W.",
        "en": "({got}) = C·H·W is what layer normalization uses for one example. BN looks at one channel across all examples: N·H·W."},
    "fb08.vps.instance": {
        "ko": "({got}) = H·W는 인스턴스 정규화(예제 하나의 채널 하나)입니다. BN은 배치의 N개 예제를 모두 씁니다: N·H·W.",
        "en": "({got}) = H·W is instance normalization (one channel of one example). BN uses all N examples of the batch: N·H·W."},
    "fb08.vps.batch_only": {
        "ko": "({got})에는 공간 위치가 빠졌습니다. 합성곱 층의 BN은 채널마다 모든 예제와 모든 위치에 걸쳐 통계를 구합니다(Ioffe & Szegedy 2015, §3.2의 m′ = m·p·q): N·H·W.",
        "en": "({got}) leaves out the spatial positions. In a conv layer BN takes each channel's statistics over all examples and all positions (Ioffe & Szegedy 2015, §3.2: m′ = m·p·q): N·H·W."},
    "fb08.vps.batch_channels": {
        "ko": "({got}) = N·C는 (예제, 채널) 쌍의 수로, 예제마다 채널마다 값을 하나씩 센 것입니다. 통계 하나는 채널 하나를 모든 예제의 모든 위치에 걸쳐 평균합니다. 다른 채널의 값은 들어가지 않고, 위치 H·W개는 모두 들어갑니다: N·H·W.",
        "en": "({got}) = N·C counts (example, channel) pairs, one value per example per channel. One statistic averages a single channel over every position of every example: no other channel goes in, and all H·W positions do: N·H·W."},
    "fb08.vps.generic": {
        "ko": "({got})는 틀렸습니다. 합성곱 층의 BN은 채널 c마다 N개 예제의 H×W 위치를 모두 평균합니다.",
        "en": "({got}) is wrong. In a conv layer BN averages, for each channel c, over the H×W positions of all N examples."},
    "fb08.sbn.a": {
        "ko": "모멘텀을 바꿔도 학습 때 배치 크기 1의 통계(예제 하나의 H·W개 값)로 정규화하는 것은 그대로이고, 추론 때의 이동 평균과 어긋나는 문제도 남습니다.",
        "en": "A different momentum still normalizes with the statistics of a batch of one during training (one example's H·W values), and the mismatch with the running averages at inference remains."},
    "fb08.sbn.b": {
        "ko": "학습 모드로 평가하면 추론 때도 배치 통계를 쓰므로 출력이 함께 든 예제에 달려 있고, 배치 크기 1에서는 예제 하나의 통계가 됩니다. 학습과 추론이 같은 계산이고 배치와 무관한 정규화가 필요합니다.",
        "en": "Evaluating in training mode uses batch statistics at inference too, so the output depends on the companions, and with batch size 1 on the example alone. What is needed is a normalization that computes the same in training and at inference and ignores the batch."},
    "fb08.sbn.d": {
        "ko": "드롭아웃은 정규화가 아니라 규제입니다. 활성값의 평균과 분산을 맞추지 않습니다.",
        "en": "Dropout is a regularizer, not a normalization: it does not standardize the activations' mean and variance."},
    "fb08.k2t.same": {
        "ko": "({got})를 그대로 옮겼습니다. Keras의 momentum은 옛 값의 가중치이고 PyTorch의 momentum은 새 값의 가중치입니다: 1 − 0.99.",
        "en": "({got}) copies the number. Keras' momentum weighs the old value, PyTorch's weighs the new one: 1 − 0.99."},
    "fb08.k2t.default": {
        "ko": "({got})는 PyTorch의 기본값이고 Keras의 기본값 0.99와는 다릅니다. 같은 갱신은 momentum_torch = 1 − 0.99입니다.",
        "en": "({got}) is PyTorch's default, which is not Keras' default 0.99. The same update is momentum_torch = 1 − 0.99."},
    "fb08.k2t.generic": {
        "ko": "({got})는 틀렸습니다. Keras: r ← m·r + (1 − m)·s, PyTorch: r ← (1 − p)·r + p·s. 같으려면 p = 1 − m입니다.",
        "en": "({got}) is wrong. Keras: r ← m·r + (1 − m)·s, PyTorch: r ← (1 − p)·r + p·s. They agree when p = 1 − m."},
    "fb08.grow.unchanged": {
        "ko": "({got}): 기울기가 W에 수직이라 노름이 그대로라고 보았습니다. 수직인 스텝은 노름을 줄이지 못할 뿐 늘립니다: 피타고라스 정리로 ‖W − η∇L‖² = ‖W‖² − 2η⟨W, ∇L⟩ + η²‖∇L‖² = ‖W‖² + η²‖∇L‖².",
        "en": "({got}): you took the orthogonal gradient to keep the norm. An orthogonal step cannot shrink the norm, it grows it: by Pythagoras ‖W − η∇L‖² = ‖W‖² − 2η⟨W, ∇L⟩ + η²‖∇L‖² = ‖W‖² + η²‖∇L‖²."},
    "fb08.grow.linear": {
        "ko": "({got}): η‖∇L‖를 제곱하지 않고 더했습니다. ‖W − η∇L‖² = ‖W‖² + η²‖∇L‖²이므로 (0.1·5)² = 0.25를 더합니다.",
        "en": "({got}): you added η‖∇L‖ without squaring. ‖W − η∇L‖² = ‖W‖² + η²‖∇L‖², so add (0.1·5)² = 0.25."},
    "fb08.grow.minus": {
        "ko": "({got}): 노름이 준다고 보았습니다. ⟨W, ∇L⟩ = 0이면 교차항이 사라지고 η²‖∇L‖² ≥ 0만 남아 노름은 커집니다.",
        "en": "({got}): you let the norm shrink. With ⟨W, ∇L⟩ = 0 the cross term vanishes and only η²‖∇L‖² ≥ 0 is left: the norm grows."},
    "fb08.grow.norm_added": {
        "ko": "({got}) = (‖W‖ + η‖∇L‖)²: 두 벡터가 같은 방향일 때의 값입니다. 여기서는 수직이므로 제곱이 더해집니다: ‖W‖² + η²‖∇L‖².",
        "en": "({got}) = (‖W‖ + η‖∇L‖)²: that is for parallel vectors. Here they are orthogonal, so the squares add: ‖W‖² + η²‖∇L‖²."},
    "fb08.grow.sqrt": {
        "ko": "({got})는 ‖W_(t+1)‖입니다. 묻는 것은 제곱 ‖W_(t+1)‖²입니다.",
        "en": "({got}) is ‖W_(t+1)‖; the question asks for its square ‖W_(t+1)‖²."},
    "fb08.grow.generic": {
        "ko": "({got})는 틀렸습니다. ‖W − η∇L‖²를 전개하세요: ‖W‖² − 2η⟨W, ∇L⟩ + η²‖∇L‖², 그리고 ⟨W, ∇L⟩ = 0.",
        "en": "({got}) is wrong. Expand ‖W − η∇L‖² = ‖W‖² − 2η⟨W, ∇L⟩ + η²‖∇L‖², with ⟨W, ∇L⟩ = 0."},
    "fb08.eff.half": {
        "ko": "({got}): 기울기만 반으로 줄었다고 보았습니다. ∇L(aW) = ∇L(W)/a로 기울기가 1/2이 되고, 같은 스텝이 방향 W/‖W‖를 움직이는 각도도 다시 1/2이 됩니다: 1/4.",
        "en": "({got}): you counted only the smaller gradient. ∇L(aW) = ∇L(W)/a halves the gradient, and the same step turns the direction W/‖W‖ by half as much again: 1/4."},
    "fb08.eff.grows": {
        "ko": "({got}): 유효 학습률은 η/‖W‖²이므로 ‖W‖가 커지면 작아집니다.",
        "en": "({got}): the effective learning rate is η/‖W‖², so it falls as ‖W‖ grows."},
    "fb08.eff.same": {
        "ko": "({got}): 출력은 ‖W‖와 무관하지만 한 스텝이 출력에 주는 변화는 무관하지 않습니다: 유효 학습률 η/‖W‖².",
        "en": "({got}): the output ignores ‖W‖, but the effect of one step on the output does not: effective learning rate η/‖W‖²."},
    "fb08.eff.generic": {
        "ko": "({got})는 틀렸습니다. 유효 학습률 η/‖W‖²에서 ‖W‖ → 2‖W‖이면 인자는 1/2² 입니다.",
        "en": "({got}) is wrong. In the effective learning rate η/‖W‖², ‖W‖ → 2‖W‖ gives the factor 1/2²."},
    "t08.growth_values": {"ko": "합성 기록에서 비의 값", "en": "the ratio on synthetic histories"},
    "fb08.explore.generic": {
        "ko": "합성 기록에서 {got}을(를) 반환했는데 {want}이어야 합니다. 비는 (‖W_end‖² − ‖W_0‖²) / (η² Σ_t ‖∇L(W_t)‖²)이고, ‖W‖²와 ‖∇L‖²는 제곱 노름, 합은 갱신 전에 잰 모든 스텝의 ‖∇L(W_t)‖²입니다. hist['weights']['W2']의 각 행은 (‖W‖², ‖∇L‖², cos)이고 η는 hist['lr']입니다.",
        "en": "On a synthetic history you returned {got}; it should be {want}. The ratio is (‖W_end‖² − ‖W_0‖²) / (η² Σ_t ‖∇L(W_t)‖²), with squared norms, summed over every step's ‖∇L(W_t)‖² measured before its update. Each row of hist['weights']['W2'] is (‖W‖², ‖∇L‖², cos), and η is hist['lr']."},
    "fb08.gr.eta": {
        "ko": "분모에 η²가 아니라 η를 썼습니다. 한 스텝의 길이는 ‖η∇L‖이므로 제곱하면 η²‖∇L‖²입니다.",
        "en": "The denominator uses η, not η². One step has length ‖η∇L‖, whose square is η²‖∇L‖²."},
    "fb08.gr.sqrt": {
        "ko": "‖∇L(W_t)‖²의 제곱근(‖∇L(W_t)‖)을 더했습니다. 각 행의 두 번째 값은 이미 제곱 노름 ‖∇L(W_t)‖²이니 그대로 더하세요.",
        "en": "You summed square roots (‖∇L(W_t)‖). The second value of each row is already the squared norm ‖∇L(W_t)‖²: sum it as it is."},
    "fb08.gr.last_row": {
        "ko": "‖W_end‖²로 마지막 행의 ‖W‖²를 썼습니다. 그 값은 마지막 갱신 전에 잰 것입니다. 학습이 끝난 뒤의 값은 인자 w_end입니다.",
        "en": "You used the last row's ‖W‖² as ‖W_end‖², but it was measured before the last update. The value after training is the argument w_end."},
    "fb08.gr.mean": {
        "ko": "‖∇L(W_t)‖²의 평균을 썼습니다. 스텝마다 ‖W‖²가 η²‖∇L(W_t)‖²씩 늘어나므로 모든 스텝을 더해야 합니다.",
        "en": "You used the mean of ‖∇L(W_t)‖². Each step adds η²‖∇L(W_t)‖² to ‖W‖², so sum over all steps."},
    "fb08.gr.upside_down": {
        "ko": "비가 뒤집혔습니다: 실제 증가 ‖W_end‖² − ‖W_0‖²를 예측 η² Σ_t ‖∇L(W_t)‖²로 나누세요.",
        "en": "The ratio is upside down: divide the actual growth ‖W_end‖² − ‖W_0‖² by the prediction η² Σ_t ‖∇L(W_t)‖²."},
    "fb08.gr.not_number": {
        "ko": "growth_ratio가 숫자 하나가 아니라 {got}을(를) 반환했습니다. 비 하나를 float로 반환하세요.",
        "en": "growth_ratio returned a {got}, not one number. Return the ratio as a float."},

}

i18n.register(STRINGS)
