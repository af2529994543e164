# ruff: noqa: E501
"""Chapter 7 feedback strings (Korean 합니다체 / plain English)."""

from __future__ import annotations

from .. import i18n

STRINGS = {
    # -- task titles ------------------------------------------------------------------------------
    "task.07.gradient_shift": {"ko": "G와 G′의 차이(2-노름 차이와 코사인)", "en": "how far G′ is from G (2-norm difference and cosine)"},
    "task.07.noisy_bn": {"ko": "잡음 BN: y ← ξ ⊙ y + ζ", "en": "noisy BN: y ← ξ ⊙ y + ζ"},
    "task.07.loss_along": {"ko": "기울기 방향을 따라간 손실", "en": "the loss along the gradient"},
    "task.07.beta_smoothness": {"ko": "유효 β-매끄러움", "en": "effective β-smoothness"},
    "task.07.noisy_supports": {"ko": "잡음 BN 실험이 뒷받침하는 것", "en": "what the noisy-BN experiment supports"},
    "task.07.which_layers": {"ko": "G′을 구하기 전에 갱신하는 층", "en": "which layers are updated before G′"},
    "task.07.beta_quadratic": {"ko": "½ θᵀHθ의 β-매끄러움", "en": "β-smoothness of ½ θᵀHθ"},
    # -- test names -------------------------------------------------------------------------------
    "t.07.returns": {"ko": "반환값: 두 개의 수", "en": "return value: two numbers"},
    "t.07.l2": {"ko": "2-노름 차이 ‖G − G′‖", "en": "2-norm difference ‖G − G′‖"},
    "t.07.cosine": {"ko": "코사인 유사도", "en": "cosine similarity"},
    "t.07.noisy_values": {"ko": "잡음을 넣은 출력", "en": "noisy output"},
    "t.07.no_mutation": {"ko": "입력을 바꾸지 않음", "en": "inputs left unchanged"},
    "t.07.returns_losses": {"ko": "반환값: η마다 손실 하나", "en": "return value: one loss per η"},
    "t.07.losses": {"ko": "손실 값(이차 함수와 이차가 아닌 함수 둘)", "en": "loss values (a quadratic and two non-quadratics)"},
    "t.07.returns_beta": {"ko": "반환값: 수 하나", "en": "return value: one number"},
    "t.07.beta_quadratic": {"ko": "이차 함수에서(닫힌 형태와 비교)", "en": "on a quadratic (against the closed form)"},
    "t.07.beta_general": {"ko": "이차가 아닌 함수에서(η마다 다른 곡률)", "en": "on non-quadratics (curvature varies with η)"},
    # -- shared -----------------------------------------------------------------------------------
    "fb.c7.not_scalar": {
        "ko": "{name}이(가) 모양 {shape}인 배열입니다. 수 하나여야 합니다. 행렬끼리 np.dot이나 @를 쓰면 행렬이 나오고, axis를 주고 합하면 벡터가 나옵니다. 먼저 G.ravel()처럼 두 배열을 1차원으로 펼치세요(flatten).",
        "en": "{name} is an array of shape {shape}; it must be one number. np.dot or @ of two matrices gives a matrix, and a sum with an axis gives a vector. Flatten both arrays first (G.ravel())."},
    "fb.c7.one_point": {
        "ko": "{name}에 모양이 {shape}인 배열을 넘겼습니다. {name}은(는) 점 하나, 곧 모양이 (D,)인 w 하나만 받습니다. η마다 반복문을 돌며 w - eta * g를 하나씩 넘기세요.",
        "en": "You passed {name} an array of shape {shape}. {name} takes one point, a single w of shape (D,). Loop over the step sizes and pass each w - eta * g on its own."},
    "fb.c7.not_number": {
        "ko": "{name}은(는) 실수여야 하는데 {typ} 값입니다.",
        "en": "{name} must be a real number; got {typ}."},
    # -- 07.gradient_shift ------------------------------------------------------------------------
    "fb.gs.mutated": {
        "ko": "입력 G나 G_prime을 제자리에서 바꿨습니다(G -= G_prime 같은 코드). 호출한 쪽은 두 기울기를 원래 값으로 알고 계속 씁니다. 차이는 새 배열로 구하세요: D = G - G_prime.",
        "en": "You changed G or G_prime in place (code like G -= G_prime). The caller keeps using both gradients. Compute the difference as a new array: D = G - G_prime."},
    "fb.gs.norm_order": {
        "ko": "함수가 예외를 일으켰습니다: ValueError: Invalid norm order 'fro' for vectors. 검사에는 행렬뿐 아니라 벡터도 들어옵니다. ord='fro'는 행렬에만 쓸 수 있습니다. ord 없이 np.linalg.norm(D)를 쓰면 둘 다 모든 성분의 2-노름이 됩니다.",
        "en": "Your function raised ValueError: Invalid norm order 'fro' for vectors. The probes include vectors as well as matrices, and ord='fro' works for matrices only. np.linalg.norm(D) without ord gives the 2-norm of all entries for both."},
    "fb.gs.flatten_exc": {
        "ko": "함수가 예외를 일으켰습니다: {exc}. 행렬 G와 G′에 np.dot이나 @를 바로 쓰면 행렬 곱이 됩니다. 두 기울기는 파라미터 하나하나를 성분으로 하는 긴 벡터로 보고 비교합니다: G.ravel() @ G_prime.ravel().",
        "en": "Your function raised an exception: {exc}. np.dot or @ on the matrices G and G′ is a matrix product. Compare the two gradients as long vectors with one entry per parameter: G.ravel() @ G_prime.ravel()."},
    "fb.gs.swapped": {
        "ko": "두 값의 순서가 바뀌었습니다. (l2_difference, cosine) 순서로 반환하세요.",
        "en": "The two values are swapped. Return (l2_difference, cosine) in that order."},
    "fb.gs.l2_squared": {
        "ko": "제곱한 노름 ‖G − G′‖²을 반환했습니다(첫 예에서 {got}). 2-노름 차이는 제곱합의 제곱근 ‖G − G′‖ = √Σ(G − G′)²입니다. np.linalg.norm을 쓰면 됩니다.",
        "en": "You returned the squared norm ‖G − G′‖² ({got} on the first probe). The 2-norm difference is the square root of the sum of squares, ‖G − G′‖ = √Σ(G − G′)²; np.linalg.norm gives it."},
    "fb.gs.l2_norm_diff": {
        "ko": "노름의 차이 |‖G‖ − ‖G′‖|를 반환했습니다. 이 값은 방향이 바뀐 것을 보지 못합니다. 차이의 노름 ‖G − G′‖를 구하세요.",
        "en": "You returned the difference of the norms, |‖G‖ − ‖G′‖|, which misses any change of direction. Take the norm of the difference, ‖G − G′‖."},
    "fb.gs.l2_spectral": {
        "ko": "np.linalg.norm(D, 2)는 행렬에서 2-노름이 아니라 스펙트럼 노름(가장 큰 특잇값)입니다. 성분별 2-노름은 np.linalg.norm(D) 또는 np.linalg.norm(D.ravel())입니다.",
        "en": "For a matrix, np.linalg.norm(D, 2) is the spectral norm (largest singular value), not the entrywise 2-norm. Use np.linalg.norm(D) or np.linalg.norm(D.ravel())."},
    "fb.gs.l2_relative": {
        "ko": "‖G − G′‖를 ‖G‖로 나눈 상대 차이입니다. 이 과제는 나누지 않은 2-노름 차이 ‖G − G′‖를 묻습니다(코사인이 크기와 상관없는 비교를 맡습니다).",
        "en": "That is the relative difference ‖G − G′‖/‖G‖. This task asks for the plain 2-norm difference ‖G − G′‖ (the cosine is the scale-free comparison)."},
    "fb.gs.l2_rms": {
        "ko": "제곱의 평균을 썼습니다(RMS). 2-노름은 평균이 아니라 제곱의 합의 제곱근입니다: √Σ(G − G′)².",
        "en": "You averaged the squares (RMS). The 2-norm is the square root of the sum of squares, not of their mean: √Σ(G − G′)²."},
    "fb.gs.l2_l1": {
        "ko": "절댓값의 합은 1-노름입니다. 2-노름은 √Σ(G − G′)²입니다.",
        "en": "The sum of absolute values is the 1-norm. The 2-norm is √Σ(G − G′)²."},
    "fb.gs.l2_generic": {
        "ko": "2-노름 차이가 다릅니다(첫 예에서 {got}, 기대값 {want}). ‖G − G′‖ = √Σ(G − G′)², 모든 성분에 대한 합입니다.",
        "en": "The 2-norm difference is off ({got} on the first probe, expected {want}). ‖G − G′‖ = √Σ(G − G′)², summed over all entries."},
    "fb.gs.cos_unnormalized": {
        "ko": "내적 ⟨G, G′⟩만 반환했습니다(첫 예에서 {got}). 코사인은 두 노름으로 나눈 값 ⟨G, G′⟩ / (‖G‖‖G′‖)이라서 −1과 1 사이에 있습니다.",
        "en": "You returned the dot product ⟨G, G′⟩ alone ({got} on the first probe). The cosine divides it by both norms, ⟨G, G′⟩ / (‖G‖‖G′‖), so it lies between −1 and 1."},
    "fb.gs.cos_distance": {
        "ko": "1 − 코사인, 즉 코사인 거리를 반환했습니다(scipy.spatial.distance.cosine이 이 값을 돌려줍니다). 코사인 유사도 ⟨G, G′⟩ / (‖G‖‖G′‖)를 반환하세요. 같은 방향이면 1입니다.",
        "en": "You returned 1 − cosine, the cosine distance (what scipy.spatial.distance.cosine gives). Return the cosine similarity ⟨G, G′⟩ / (‖G‖‖G′‖), which is 1 for the same direction."},
    "fb.gs.cos_precedence": {
        "ko": "괄호가 빠졌습니다. ⟨G, G′⟩ / ‖G‖ * ‖G′‖는 왼쪽부터 계산되어 (⟨G, G′⟩ / ‖G‖)·‖G′‖가 됩니다. 분모 전체를 괄호로 묶으세요: ⟨G, G′⟩ / (‖G‖ * ‖G′‖).",
        "en": "Parentheses are missing. ⟨G, G′⟩ / ‖G‖ * ‖G′‖ is evaluated left to right, as (⟨G, G′⟩ / ‖G‖)·‖G′‖. Put the whole denominator in parentheses: ⟨G, G′⟩ / (‖G‖ * ‖G′‖)."},
    "fb.gs.cos_pearson": {
        "ko": "np.corrcoef는 상관 계수입니다. 두 배열에서 각자의 평균을 뺀 다음 코사인을 구한 값이라 코사인 유사도와 다릅니다. 평균을 빼지 말고 ⟨G, G′⟩ / (‖G‖‖G′‖)를 구하세요.",
        "en": "np.corrcoef is the correlation coefficient: the cosine after subtracting each array's own mean, which is not the cosine similarity. Compute ⟨G, G′⟩ / (‖G‖‖G′‖) without subtracting means."},
    "fb.gs.cos_sum_norms": {
        "ko": "두 노름의 합 ‖G‖ + ‖G′‖로 나눴습니다. 두 노름의 곱 ‖G‖‖G′‖로 나누세요.",
        "en": "You divided by the sum of the norms, ‖G‖ + ‖G′‖. Divide by their product, ‖G‖‖G′‖."},
    "fb.gs.cos_angle": {
        "ko": "각도(arccos)를 반환했습니다. 이 과제는 코사인 값 자체를 묻습니다: ⟨G, G′⟩ / (‖G‖‖G′‖), 같은 방향이면 1입니다.",
        "en": "You returned the angle (arccos). The task asks for the cosine itself: ⟨G, G′⟩ / (‖G‖‖G′‖), which is 1 for the same direction."},
    "fb.gs.cos_one_norm": {
        "ko": "⟨G, G′⟩를 ‖G‖²으로 나눴습니다. 두 노름의 곱 ‖G‖‖G′‖로 나누세요.",
        "en": "You divided ⟨G, G′⟩ by ‖G‖². Divide by the product of the two norms, ‖G‖‖G′‖."},
    "fb.gs.cos_other_norm": {
        "ko": "⟨G, G′⟩를 ‖G′‖²으로 나눴습니다. 두 노름의 곱 ‖G‖‖G′‖로 나누세요.",
        "en": "You divided ⟨G, G′⟩ by ‖G′‖². Divide by the product of the two norms, ‖G‖‖G′‖."},
    "fb.gs.cos_squared_norms": {
        "ko": "제곱한 노름으로 나눴습니다(‖G‖²‖G′‖²). 노름 자체의 곱 ‖G‖‖G′‖로 나누세요.",
        "en": "You divided by the squared norms (‖G‖²‖G′‖²). Divide by the norms themselves, ‖G‖‖G′‖."},
    "fb.gs.cos_spectral": {
        "ko": "분모에 행렬의 스펙트럼 노름(np.linalg.norm(G, 2))을 썼습니다. 펼친 벡터의 2-노름 np.linalg.norm(G.ravel())을 쓰세요.",
        "en": "The denominator uses the matrices' spectral norms (np.linalg.norm(G, 2)). Use the 2-norm of the flattened vectors, np.linalg.norm(G.ravel())."},
    "fb.gs.cos_squared": {
        "ko": "코사인을 제곱했습니다. 제곱하면 부호(방향이 반대인지)가 사라집니다. ⟨G, G′⟩ / (‖G‖‖G′‖)를 그대로 반환하세요.",
        "en": "You squared the cosine, which loses its sign (whether the directions are opposite). Return ⟨G, G′⟩ / (‖G‖‖G′‖) as it is."},
    "fb.gs.cos_generic": {
        "ko": "코사인이 다릅니다(첫 예에서 {got}, 기대값 {want}). 두 배열을 펼쳐서(ravel) cos = ⟨G, G′⟩ / (‖G‖‖G′‖)를 구하세요.",
        "en": "The cosine is off ({got} on the first probe, expected {want}). Flatten both arrays (ravel) and compute cos = ⟨G, G′⟩ / (‖G‖‖G′‖)."},
    # -- 07.noisy_bn ------------------------------------------------------------------------------
    "fb.nbn.add_first": {
        "ko": "연산 순서가 틀렸습니다: (y + ζ) ⊙ ξ를 계산했습니다. 먼저 스케일을 곱하고 그다음 평균을 더합니다: ξ ⊙ y + ζ. 그래야 ζ가 곧 잡음 섞인 출력의 평균 이동이 됩니다.",
        "en": "Wrong order of operations: you computed (y + ζ) ⊙ ξ. Scale first, then add the mean: ξ ⊙ y + ζ, so that ζ is exactly the shift of the noisy output's mean."},
    "fb.nbn.swapped": {
        "ko": "두 잡음을 바꿔 썼습니다: ζ ⊙ y + ξ입니다. 곱하는 것은 scale_noise(ξ), 더하는 것은 mean_noise(ζ)입니다: ξ ⊙ y + ζ.",
        "en": "The two noises are swapped: ζ ⊙ y + ξ. scale_noise (ξ) multiplies and mean_noise (ζ) is added: ξ ⊙ y + ζ."},
    "fb.nbn.mean_only": {
        "ko": "평균 잡음 ζ만 더했습니다. 스케일 잡음도 곱하세요: ξ ⊙ y + ζ. 평균과 분산이 모두 흔들려야 실험의 뜻이 삽니다.",
        "en": "You only added the mean noise ζ. Multiply by the scale noise too: ξ ⊙ y + ζ. The experiment needs both the mean and the variance to move."},
    "fb.nbn.scale_only": {
        "ko": "스케일 잡음 ξ만 곱했습니다. 평균 잡음도 더하세요: ξ ⊙ y + ζ.",
        "en": "You only multiplied by the scale noise ξ. Add the mean noise too: ξ ⊙ y + ζ."},
    "fb.nbn.subtract": {
        "ko": "ζ를 뺐습니다. 평균 잡음은 더합니다: ξ ⊙ y + ζ.",
        "en": "You subtracted ζ. The mean noise is added: ξ ⊙ y + ζ."},
    "fb.nbn.divide": {
        "ko": "ξ로 나눴습니다. 스케일 잡음은 곱합니다: ξ ⊙ y + ζ.",
        "en": "You divided by ξ. The scale noise multiplies: ξ ⊙ y + ζ."},
    "fb.nbn.one_per_feature": {
        "ko": "잡음을 특성마다 하나로 평균했습니다. 잡음은 예제마다, 활성값마다 따로 뽑혀 (N, D) 모양으로 주어집니다. 그대로 원소별로 쓰세요: ξ ⊙ y + ζ.",
        "en": "You averaged the noise to one value per feature. The noise is drawn for every example and every activation and comes with shape (N, D); use it elementwise: ξ ⊙ y + ζ."},
    "fb.nbn.noise_product": {
        "ko": "두 잡음끼리 곱해 y에 더했습니다: y + ξ ⊙ ζ. 곱하는 잡음 ξ는 활성값 y에 곱합니다: ξ ⊙ y + ζ.",
        "en": "You multiplied the two noises together and added them to y: y + ξ ⊙ ζ. The scale noise ξ multiplies the activation y: ξ ⊙ y + ζ."},
    "fb.nbn.matmul": {
        "ko": "함수가 예외를 일으켰습니다: {exc}. @나 np.dot은 행렬 곱입니다. 잡음은 원소별로 곱합니다: scale_noise * out + mean_noise.",
        "en": "Your function raised an exception: {exc}. @ and np.dot are matrix products; the noise multiplies elementwise: scale_noise * out + mean_noise."},
    "fb.nbn.mutated": {
        "ko": "값은 맞지만 입력 {name}을(를) 제자리에서 바꿨습니다(out *= scale_noise, out += mean_noise 같은 연산). 호출한 쪽은 그 배열을 여전히 원래 값으로 알고 씁니다. 새 배열을 반환하세요: scale_noise * out + mean_noise.",
        "en": "The values are right, but you changed the input {name} in place (out *= scale_noise, out += mean_noise). The caller still relies on that array holding its old values. Return a new array: scale_noise * out + mean_noise."},
    "fb.nbn.generic": {
        "ko": "출력이 ξ ⊙ y + ζ와 다릅니다. 세 배열 모두 (N, D)이고 원소별로 계산합니다(행렬 곱 @가 아닙니다). 잡음을 새로 뽑지 말고 주어진 mean_noise와 scale_noise를 쓰세요.",
        "en": "The output differs from ξ ⊙ y + ζ. All three arrays are (N, D) and the operation is elementwise (not the matrix product @). Use the mean_noise and scale_noise you are given; do not draw new noise."},
    # -- 07.loss_along_gradient -------------------------------------------------------------------
    "fb.lg.ascent": {
        "ko": "w + ηg, 즉 기울기 방향으로 올라갔습니다. 경사 하강 방향은 w − ηg입니다.",
        "en": "You stepped to w + ηg, up the gradient. The descent direction is w − ηg."},
    "fb.lg.cumulative": {
        "ko": "걸음을 누적했습니다(w ← w − ηg를 η마다 반복). 각 η는 같은 출발점 w에서 잰 거리입니다: losses[k] = loss_fn(w − η_k g).",
        "en": "You accumulated the steps (w ← w − ηg for one η after another). Each η is measured from the same starting point w: losses[k] = loss_fn(w − η_k g)."},
    "fb.lg.gd_steps": {
        "ko": "경사 하강법을 여러 스텝 돌렸습니다(매번 새 기울기로 이동). 여기서는 w에서 구한 기울기 g 하나로 정한 직선 w − ηg 위의 손실을 봅니다. 출발점은 늘 w입니다.",
        "en": "You ran several gradient-descent steps (a new gradient at every point). Here we look at the loss on one line, w − ηg, with the single gradient g taken at w; every point starts from w."},
    "fb.lg.unit_direction": {
        "ko": "기울기를 단위 벡터 g/‖g‖로 정규화했습니다. 여기서는 학습에서처럼 g 자체로 걸음을 잽니다: w − ηg.",
        "en": "You normalized the gradient to the unit vector g/‖g‖. Here the step is measured with g itself, as in training: w − ηg."},
    "fb.lg.difference": {
        "ko": "손실의 변화 f(w − ηg) − f(w)를 반환했습니다. 손실 값 f(w − ηg) 자체를 반환하세요.",
        "en": "You returned the change of the loss, f(w − ηg) − f(w). Return the loss value f(w − ηg) itself."},
    "fb.lg.mutated_right": {
        "ko": "손실 값은 맞지만 입력 w를 제자리에서 바꿨습니다(w -= ... 같은 코드). 함수가 끝난 뒤에도 호출한 쪽의 w는 그대로여야 합니다. w_new = w - eta * g처럼 새 배열을 만드세요.",
        "en": "The losses are right, but you changed the input w in place (code like w -= ...). The caller's w must be unchanged when your function returns. Make a new array: w_new = w - eta * g."},
    "fb.lg.mutated": {
        "ko": "입력 w를 제자리에서 바꿨습니다(w -= eta * g 같은 코드). 그러면 다음 η의 출발점이 w가 아니게 되어 걸음이 누적됩니다. w_new = w - eta * g처럼 새 배열을 만드세요.",
        "en": "You changed the input w in place (code like w -= eta * g). The next η then starts somewhere else than w, so the steps pile up. Make a new array: w_new = w - eta * g."},
    "fb.lg.broadcast": {
        "ko": "함수가 예외를 일으켰습니다: {exc}. etas는 걸음 크기 K개를 담은 벡터이고 w는 (D,)라서 w - etas * g처럼 한 번에 계산할 수 없습니다. η마다 하나씩 계산하세요(for eta in etas).",
        "en": "Your function raised an exception: {exc}. etas holds K step sizes and w has shape (D,), so w - etas * g cannot be computed in one go. Compute one η at a time (for eta in etas)."},
    "fb.lg.sorted": {
        "ko": "η를 정렬한 순서로 손실을 반환했습니다. losses[k]는 주어진 etas의 k번째 η에 대한 손실입니다. etas의 순서를 그대로 지키세요.",
        "en": "You returned the losses in sorted η order. losses[k] belongs to the k-th η of etas as given; keep the order of etas."},
    "fb.lg.extra": {
        "ko": "η가 {k}개인데 손실을 {got}개 반환했습니다. 출발점의 손실 L(w)(η = 0)은 넣지 말고, 주어진 η마다 하나씩만 반환하세요.",
        "en": "There are {k} step sizes but you returned {got} losses. Leave out the starting loss L(w) (η = 0) and return exactly one loss per given η."},
    "fb.lg.generic": {
        "ko": "손실 값이 다릅니다(처음 세 값 {got}, 기대값 {want}). g = grad_fn(w)를 한 번 구하고, 각 η마다 losses[k] = loss_fn(w − η_k g)입니다.",
        "en": "The losses are off (first three {got}, expected {want}). Compute g = grad_fn(w) once, then losses[k] = loss_fn(w − η_k g) for each η."},
    # -- 07.beta_smoothness -----------------------------------------------------------------------
    "fb.beta.quadratic_ok": {
        "ko": "통과했습니다. 이차 함수에서는 ∇f(w − ηg) − ∇f(w) = −ηHg이므로 비율이 η와 상관없이 ‖Hg‖/‖g‖입니다(두 검사점에서 구한 값: {got}). g가 H의 가장 큰 고윳값에 해당하는 고유벡터 방향이면 이 값은 λ_max와 같아지고(여기서 {lam}), 어느 방향이든 λ_max를 넘지 못합니다.",
        "en": "Passed. On a quadratic ∇f(w − ηg) − ∇f(w) = −ηHg, so the ratio is ‖Hg‖/‖g‖ whatever η is (your values at the two probe points: {got}). When g points along the eigenvector of H's largest eigenvalue it equals λ_max (here {lam}), and no direction exceeds λ_max."},
    "fb.beta.no_divide": {
        "ko": "기울기 변화 ‖∇f(w − ηg) − g‖의 최댓값만 구했습니다. 이것은 기울기 예측성(gradient predictiveness)입니다. 유효 β-매끄러움은 이를 움직인 거리 ‖ηg‖ = η‖g‖로 나눈 비율의 최댓값입니다.",
        "en": "You took the largest gradient change ‖∇f(w − ηg) − g‖ alone: that is gradient predictiveness. Effective β-smoothness divides it by the distance moved, ‖ηg‖ = η‖g‖, and takes the largest ratio."},
    "fb.beta.eta_only": {
        "ko": "η로만 나눴습니다. 움직인 거리는 ‖ηg‖ = η‖g‖입니다. η는 걸음 크기일 뿐 거리가 아닙니다.",
        "en": "You divided by η only. The distance moved is ‖ηg‖ = η‖g‖; η is the step size, not the distance."},
    "fb.beta.squared": {
        "ko": "제곱한 노름의 비율을 썼습니다. β는 기울기 변화의 노름을 거리의 노름으로 나눈 것입니다: ‖Δ∇f‖ / ‖Δw‖ (제곱하지 않음).",
        "en": "You used a ratio of squared norms. β is the norm of the gradient change over the norm of the move: ‖Δ∇f‖ / ‖Δw‖ (not squared)."},
    "fb.beta.no_eta": {
        "ko": "‖g‖로만 나눴습니다. 움직인 거리는 ‖ηg‖ = η‖g‖입니다. η도 곱해 나누세요.",
        "en": "You divided by ‖g‖ only. The distance moved is ‖ηg‖ = η‖g‖; include η."},
    "fb.beta.ratio_of_maxes": {
        "ko": "가장 큰 기울기 변화를 가장 큰 거리로 나눴습니다. 두 최댓값이 같은 η에서 나온다는 보장이 없습니다. η마다 비율을 먼저 구하고 그 비율의 최댓값을 반환하세요.",
        "en": "You divided the largest gradient change by the largest distance, but the two need not come from the same η. Compute the ratio for each η first, then return the largest ratio."},
    "fb.beta.broadcast": {
        "ko": "함수가 예외를 일으켰습니다: {exc}. etas는 걸음 크기 K개를 담은 벡터이고 w는 (D,)라서 w - etas * g처럼 한 번에 계산할 수 없습니다. η마다 하나씩 비율을 구하세요(for eta in etas).",
        "en": "Your function raised an exception: {exc}. etas holds K step sizes and w has shape (D,), so w - etas * g cannot be computed in one go. Compute the ratio one η at a time (for eta in etas)."},
    "fb.beta.many": {
        "ko": "{name}이(가) 모양 {shape}인 배열입니다. η마다 비율을 구한 것은 맞지만, 반환값은 그중 가장 큰 값 하나입니다(max).",
        "en": "{name} is an array of shape {shape}. Computing one ratio per η is right, but return only the largest of them (max)."},
    "fb.beta.mean": {
        "ko": "η에 대한 평균을 구했습니다. 유효 β-매끄러움은 가장 나쁜 경우, 즉 최댓값입니다. 이차 함수에서는 비율이 모든 η에서 같아 차이가 보이지 않지만 곡률이 바뀌는 함수에서는 다릅니다.",
        "en": "You averaged over η. Effective β-smoothness is the worst case, the maximum. On a quadratic the ratio is the same for every η, so the difference only shows where the curvature changes."},
    "fb.beta.min": {
        "ko": "η에 대한 최솟값을 구했습니다. 유효 β-매끄러움은 최댓값입니다(기울기가 가장 빨리 변하는 곳).",
        "en": "You took the minimum over η. Effective β-smoothness is the maximum (where the gradient changes fastest)."},
    "fb.beta.first": {
        "ko": "첫 η의 비율만 썼습니다. 모든 η에 대해 비율을 구하고 그 최댓값을 반환하세요.",
        "en": "You used the first η's ratio only. Compute the ratio for every η and return the largest."},
    "fb.beta.last": {
        "ko": "마지막 η의 비율만 썼습니다(반복문 안에서 값을 덮어쓰지 않았나요?). 모든 η에 대한 비율의 최댓값을 반환하세요.",
        "en": "You used the last η's ratio only (overwritten inside the loop?). Return the largest ratio over all η."},
    "fb.beta.ascent": {
        "ko": "w + ηg, 즉 기울기 방향으로 올라간 점에서 기울기를 쟀습니다. 경사 하강이 가는 점은 w − ηg입니다.",
        "en": "You measured the gradient at w + ηg, up the gradient. Gradient descent goes to w − ηg."},
    "fb.beta.mutated": {
        "ko": "입력 w를 제자리에서 바꿨습니다. 각 η의 점은 같은 w에서 출발합니다: w_new = w - eta * g처럼 새 배열을 만드세요.",
        "en": "You changed the input w in place. Every η starts from the same w: make a new array, w_new = w - eta * g."},
    "fb.beta.generic": {
        "ko": "값이 다릅니다(받은 값 {got}, 기대값 {want}). g = grad_fn(w), 각 η마다 ‖grad_fn(w − ηg) − g‖ / ‖ηg‖를 구하고 최댓값을 반환하세요.",
        "en": "The value is off (got {got}, expected {want}). With g = grad_fn(w), compute ‖grad_fn(w − ηg) − g‖ / ‖ηg‖ for each η and return the largest."},
    # -- 07.noisy_supports ------------------------------------------------------------------------
    "fb.ns.a": {
        "ko": "({got})는 이 결과와 맞지 않습니다. 잡음 BN은 층 입력의 분포를 일부러 흔들어 BN 없는 신경망보다도 불안정하게 만들었는데도 BN만큼 잘 학습했습니다. 분포의 안정이 BN이 돕는 까닭이라면 이런 결과가 나오기 어렵습니다.",
        "en": "({got}) does not fit this result. Noisy BN deliberately shakes the layer-input distributions, less stable even than those of the network without BN, and still trains about as well as BN. If stable distributions were why BN helps, that would be hard to get."},
    "fb.ns.b": {
        "ko": "({got})는 이 실험이 보여 주지 않습니다. 잡음 BN은 BN과 비슷하게 학습했을 뿐 더 낫지 않았고, 실험은 규제(regularization) 효과를 재도록 설계된 것이 아닙니다.",
        "en": "({got}) is not what the experiment shows. Noisy BN trained about as well as BN, not better, and the experiment was not designed to measure a regularization effect."},
    "fb.ns.d": {
        "ko": "({got})는 틀렸습니다. 결과에서 BN과 잡음 BN 모두 BN 없는 신경망보다 잘 학습했습니다. BN은 도움이 되었고, 물음은 왜 돕는가입니다.",
        "en": "({got}) is wrong. In the result, both BN and noisy BN trained better than the network without BN. BN did help; the question is why."},
    # -- 07.which_layers --------------------------------------------------------------------------
    "fb.wl.a": {
        "ko": "({got})는 틀렸습니다. 층 l 자신을 갱신하면 층 l의 입력은 바뀌지 않습니다. 내부 공변량 변화는 층 l의 앞에 있는 층 1…l−1이 갱신되면서 층 l이 받는 입력이 바뀌는 것입니다(Santurkar et al. 2018, §1의 비형식적 정의).",
        "en": "({got}) is wrong. Updating layer l itself does not change layer l's input. Internal covariate shift is the change in what layer l receives when the layers before it, 1…l−1, are updated (Santurkar et al. 2018, §1, informal definition)."},
    "fb.wl.c": {
        "ko": "({got})는 틀렸습니다. 층 l 뒤의 층은 층 l의 입력에 영향을 주지 않습니다. 순전파에서 층 l의 입력을 바꾸는 것은 앞의 층 1…l−1입니다.",
        "en": "({got}) is wrong. Layers after l do not affect layer l's input. In the forward pass, only the layers before it, 1…l−1, change what layer l receives."},
    "fb.wl.d": {
        "ko": "({got})는 틀렸습니다. 배치를 바꾸면 데이터의 차이까지 섞여 들어갑니다. 같은 배치에서 앞의 층 1…l−1만 갱신해야 그 갱신이 층 l에 준 영향만 따로 잴 수 있습니다.",
        "en": "({got}) is wrong. A new batch would mix in the difference between data. Only on the same batch, with only the layers before it (1…l−1) updated, does the measure isolate what those updates do to layer l."},
    # -- 07.beta_quadratic ------------------------------------------------------------------------
    "fb.bq.min": {
        "ko": "{got}은(는) 가장 작은 고윳값입니다. β_L은 기울기가 가장 빨리 변하는 방향에서 잰 값, 즉 헤시안의 가장 큰 고윳값입니다.",
        "en": "{got} is the smallest eigenvalue. β-smoothness is about the direction where the gradient changes fastest: the Hessian's largest eigenvalue."},
    "fb.bq.diag": {
        "ko": "{got}은(는) 대각 성분의 최댓값입니다. H가 대각 행렬이 아니므로 고윳값을 구해야 합니다: 비대각 성분 때문에 가장 큰 고윳값은 가장 큰 대각 성분보다 큽니다.",
        "en": "{got} is the largest diagonal entry. H is not diagonal, so you need its eigenvalues: the off-diagonal entries push the largest eigenvalue above the largest diagonal entry."},
    "fb.bq.trace": {
        "ko": "{got}은(는) 대각합(trace), 즉 두 고윳값의 합입니다. β_L은 가장 큰 고윳값 하나입니다.",
        "en": "{got} is the trace, the sum of both eigenvalues. β_L is the largest eigenvalue alone."},
    "fb.bq.det": {
        "ko": "{got}은(는) 행렬식, 즉 두 고윳값의 곱입니다. β_L은 가장 큰 고윳값입니다.",
        "en": "{got} is the determinant, the product of the eigenvalues. β_L is the largest eigenvalue."},
    "fb.bq.half": {
        "ko": "{got}은(는) 가장 큰 고윳값의 절반입니다. f(θ) = ½θᵀHθ의 기울기는 Hθ(½이 미분에서 사라짐), 헤시안은 H입니다. β_L = λ_max(H)입니다.",
        "en": "{got} is half the largest eigenvalue. The gradient of f(θ) = ½θᵀHθ is Hθ (the ½ cancels when differentiating) and the Hessian is H, so β_L = λ_max(H)."},
    "fb.bq.double": {
        "ko": "{got}은(는) 가장 큰 고윳값의 두 배입니다. ½θᵀHθ를 미분하면 ½이 2와 상쇄되어 기울기는 Hθ이고 헤시안은 H입니다. β_L = λ_max(H)입니다.",
        "en": "{got} is twice the largest eigenvalue. Differentiating ½θᵀHθ, the ½ cancels the 2: the gradient is Hθ and the Hessian is H, so β_L = λ_max(H)."},
    "fb.bq.squared": {
        "ko": "{got}은(는) 가장 큰 고윳값의 제곱입니다. ‖∇f(θ) − ∇f(θ′)‖ = ‖H(θ − θ′)‖ ≤ λ_max‖θ − θ′‖이므로 β_L = λ_max(H)입니다.",
        "en": "{got} is the largest eigenvalue squared. ‖∇f(θ) − ∇f(θ′)‖ = ‖H(θ − θ′)‖ ≤ λ_max‖θ − θ′‖, so β_L = λ_max(H)."},
    "fb.bq.frobenius": {
        "ko": "{got}은(는) 프로베니우스 노름입니다. 이 값은 λ_max의 상한일 뿐입니다. β_L은 가장 큰 고윳값입니다(H가 대칭이고 양의 정부호이므로 스펙트럼 노름과 같음).",
        "en": "{got} is the Frobenius norm, only an upper bound on λ_max. β_L is the largest eigenvalue (equal to the spectral norm, because H is symmetric positive definite)."},
    "fb.bq.generic": {
        "ko": "{got}은(는) 아닙니다. f(θ) = ½θᵀHθ의 기울기는 Hθ이므로 ‖∇f(θ) − ∇f(θ′)‖ = ‖H(θ − θ′)‖ ≤ λ_max(H)‖θ − θ′‖입니다. β_L은 H의 가장 큰 고윳값입니다: det(H − λI) = 0을 풀거나 np.linalg.eigvalsh를 쓰세요.",
        "en": "Not {got}. The gradient of f(θ) = ½θᵀHθ is Hθ, so ‖∇f(θ) − ∇f(θ′)‖ = ‖H(θ − θ′)‖ ≤ λ_max(H)‖θ − θ′‖. β_L is H's largest eigenvalue: solve det(H − λI) = 0 or use np.linalg.eigvalsh."},
    "fb.ns.helps": {
        "ko": "({got})는 결과를 지나치게 읽은 것입니다. 잡음 BN은 BN과 비슷하게 학습되었을 뿐 BN보다 낫지 않았으므로, ICS가 학습을 돕는다는 근거는 없습니다. 이 결과가 보여 주는 것은 BN의 효과가 분포의 안정성에 달려 있지 않다는 것뿐입니다.",
        "en": "({got}) reads too much into the result. Noisy BN trained about as well as BN, not better, so nothing says ICS helps. The result shows only that BN's benefit does not depend on stable distributions."},
    "task.07.beta_2x2": {
        "ko": "유도: 2×2 이차 함수의 β_L",
        "en": "derivation: β_L of a 2×2 quadratic"},
    "task.07.gd_limit": {
        "ko": "실험: 경사 하강법이 수렴하는 가장 큰 스텝",
        "en": "experiment: the largest step at which gradient descent converges"},
    "fb.b2.diag": {
        "ko": "대각 원소의 최댓값은 b = 0일 때만 β_L입니다. 비대각 원소 b가 있으면 가장 큰 고윳값은 max(a, c)보다 큽니다: 특성 방정식 λ² − (a + c)λ + (ac − b²) = 0을 푸세요.",
        "en": "The largest diagonal entry is β_L only when b = 0; an off-diagonal b makes the largest eigenvalue exceed max(a, c). Solve the characteristic equation λ² − (a + c)λ + (ac − b²) = 0."},
    "fb.b2.trace": {
        "ko": "a + c는 두 고윳값의 합(대각합)입니다. β_L은 그중 큰 것 하나입니다.",
        "en": "a + c is the sum of the two eigenvalues (the trace). β_L is the larger one alone."},
    "fb.b2.min": {
        "ko": "작은 고윳값을 구했습니다. β-매끄러움은 ‖∇f(θ) − ∇f(θ′)‖ ≤ β_L‖θ − θ′‖이 모든 방향에서 성립해야 하므로 가장 큰 고윳값입니다: 제곱근 앞의 부호는 +입니다.",
        "en": "That is the smaller eigenvalue. β-smoothness, ‖∇f(θ) − ∇f(θ′)‖ ≤ β_L‖θ − θ′‖, must hold in every direction, so β_L is the largest: the square root takes a + sign."},
    "fb.b2.no_b": {
        "ko": "b를 제곱근 밖에서 더했습니다. 판별식은 ((a − c)/2)² + b²이고, 제곱근은 그 합 전체에 걸립니다.",
        "en": "You added b outside the square root. The discriminant is ((a − c)/2)² + b², and the root covers the whole sum."},
    "fb.b2.generic": {
        "ko": "{at}에서 {got}을(를) 얻었는데 {want}이어야 합니다. ½θᵀHθ의 헤세 행렬은 H이므로 β_L은 H의 가장 큰 고윳값입니다. 2×2 행렬의 특성 방정식을 근의 공식으로 푸세요.",
        "en": "At {at} you got {got}; it should be {want}. The Hessian of ½θᵀHθ is H, so β_L is H's largest eigenvalue; solve the 2×2 characteristic equation with the quadratic formula."},
    "fb.gl.one_over": {
        "ko": "{got}은(는) 1/β_L, 가장 가파른 방향을 한 스텝에 0으로 보내는 스텝입니다. 그보다 큰 스텝도 |1 − ηλ| < 1이면 수렴합니다: 경계는 2/β_L입니다.",
        "en": "{got} is 1/β_L, the step that sends the steepest direction to 0 in one step. Larger steps still converge while |1 − ηλ| < 1: the boundary is 2/β_L."},
    "fb.gl.diag": {
        "ko": "{got}은(는) 2를 대각 원소의 최댓값 7로 나눈 것입니다. 수렴을 정하는 것은 H의 가장 큰 고윳값 β_L = 8입니다: 2/8.",
        "en": "{got} is 2 divided by the largest diagonal entry, 7. What decides convergence is H's largest eigenvalue, β_L = 8: 2/8."},
    "fb.gl.min": {
        "ko": "{got}은(는) 2/λ_min입니다. 그 스텝에서는 가장 가파른 방향(λ = 8)이 스텝마다 |1 − 8η| > 1배가 되어 발산합니다.",
        "en": "{got} is 2/λ_min. At that step the steepest direction (λ = 8) is multiplied by |1 − 8η| > 1 each step and diverges."},
    "fb.gl.inverted": {
        "ko": "{got}은(는) β_L/2입니다. 경계는 그 역수 2/β_L입니다.",
        "en": "{got} is β_L/2. The boundary is its reciprocal, 2/β_L."},
    "fb.gl.generic": {
        "ko": "{got}은(는) 아닙니다. θ = (1, 1)에서 θ ← θ − η·H·θ를 몇백 번 반복해 손실이 줄어드는지 보고, 줄어드는 가장 큰 η를 이분법으로 찾으세요(소수점 셋째 자리까지).",
        "en": "Not {got}. From θ = (1, 1), repeat θ ← θ − η·H·θ a few hundred times and see whether the loss falls; find the largest η for which it does by bisection (to three decimals)."},
}

i18n.register(STRINGS)
