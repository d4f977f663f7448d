"""The statistics table of a fitted model, as statsmodels' OLS summary and R's summary.lm give
it: the library computes every number (linreg's infer(), the program's --summary); this object
holds them, prints them as text, renders them as HTML in Jupyter and converts to a DataFrame."""
import html
import math

import numpy as np


def _number(value, digits=6):
    """A value in about `digits` significant figures; "—" where it is undefined."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    if -4 <= magnitude < digits + 3:
        decimals = max(0, digits - 1 - magnitude)
        return f"{value:.{decimals}f}"
    return f"{value:.{digits - 1}e}"


def _p_value(p):
    if p is None:
        return "—"
    return "<1e-16" if p < 1e-16 else f"{p:.3g}"


class Summary:
    """What ``model.summary()`` returns.

    Per term (the intercept first, then the features, in order): ``names``, ``params``, ``bse``
    (standard errors), ``tvalues``, ``pvalues``, ``conf_int()`` (95%) and ``aliased``; NaN where
    a statistic is undefined (an aliased term, an exact fit). For the model: ``nobs``,
    ``df_model``, ``df_resid``, ``rsquared``, ``rsquared_adj``, ``fvalue``, ``f_pvalue``,
    ``sigma`` (residual standard error), ``llf``, ``aic``, ``bic``, ``condition_number``,
    ``exact_fit`` and ``warnings`` ((code, text) pairs); None where undefined. The names follow
    statsmodels' results. ``vif``: each term's variance inflation factor (NaN for the
    intercept and aliased terms); ``cov_type``: the covariance of the standard errors. The
    residual diagnostics statsmodels prints under its summary, computed as it does:
    ``durbin_watson``, ``omnibus`` and ``omnibus_pvalue``, ``skew``, ``kurtosis``,
    ``jarque_bera`` and ``jarque_bera_pvalue``, ``condition_number_raw`` (the raw design's, with
    its constant column: statsmodels' ``condition_number``) and ``notes`` (statsmodels').
    """

    def __init__(self, table, target="y"):
        terms = table["terms"]

        def column(key):
            return np.array([np.nan if t[key] is None else t[key] for t in terms], dtype=float)

        self.target = target
        self.names = [t["name"] for t in terms]
        self.params = np.array([t["coef"] for t in terms], dtype=float)
        self.bse = column("se")
        self.tvalues = column("t")
        self.pvalues = column("p")
        self._ci = np.column_stack([column("ci_low"), column("ci_high")])
        self.aliased = np.array([t["aliased"] for t in terms], dtype=bool)
        self.nobs = int(table["n"])
        self.df_model = int(table["df_model"])
        self.df_resid = int(table["df_residual"])
        self.exact_fit = bool(table["exact_fit"])
        self.rsquared = table["r2"]
        self.rsquared_adj = table["r2_adj"]
        self.fvalue = table["f_stat"]
        self.f_pvalue = table["f_p"]
        self.sigma = float(table["sigma"])
        self.llf = table["log_likelihood"]
        self.aic = table["aic"]
        self.bic = table["bic"]
        self.condition_number = table["condition_number"]
        self.vif = column("vif")
        self.cov_type = table["covariance"]
        self.weighted = bool(table["weighted"])  # sample_weight: statsmodels' WLS statistics
        d = table["diagnostics"]
        self.durbin_watson = d["durbin_watson"]
        self.omnibus = d["omnibus"]
        self.omnibus_pvalue = d["omnibus_p"]
        self.skew = d["skew"]
        self.kurtosis = d["kurtosis"]
        self.jarque_bera = d["jarque_bera"]
        self.jarque_bera_pvalue = d["jarque_bera_p"]
        self.condition_number_raw = d["condition_number_raw"]
        self.notes = list(d["notes"])
        self.warnings = [tuple(w) for w in table["warnings"]]
        self._terms = terms

    def conf_int(self):
        """The 95% confidence intervals, one row per term: [lower, upper]."""
        return self._ci.copy()

    def to_frame(self):
        """The per-term table as a pandas DataFrame indexed by term name."""
        import pandas as pd

        return pd.DataFrame({"coef": self.params, "std err": self.bse, "t": self.tvalues,
                             "P>|t|": self.pvalues, "[0.025": self._ci[:, 0],
                             "0.975]": self._ci[:, 1], "aliased": self.aliased},
                            index=pd.Index(self.names, name="term"))

    def _rows(self):
        rows = []
        for t in self._terms:
            if t["aliased"]:
                rows.append([t["name"], "NA (aliased)", "", "", "", "", ""])
            else:
                rows.append([t["name"], _number(t["coef"], 7), _number(t["se"], 5),
                             "—" if t["t"] is None else f"{t['t']:.3f}", _p_value(t["p"]),
                             _number(t["ci_low"], 6), _number(t["ci_high"], 6)])
        return rows

    _HEADER = ["term", "coef", "std err", "t", "P>|t|", "[0.025", "0.975]"]

    def _model_lines(self):
        return [
            f"dependent variable: {self.target}   n = {self.nobs:,}   df model = {self.df_model}"
            f"   df residual = {self.df_resid}",
            f"R² = {_number(self.rsquared)}   adjusted R² = {_number(self.rsquared_adj)}"
            f"   F = {_number(self.fvalue)} (p = {_p_value(self.f_pvalue)})",
            f"residual std error = {_number(self.sigma)}   log-likelihood = {_number(self.llf, 8)}"
            f"   AIC = {_number(self.aic, 8)}   BIC = {_number(self.bic, 8)}",
            "condition number (centered, scaled design) = "
            + ("—" if self.condition_number is None else f"{self.condition_number:.4g}"),
        ]

    def _diagnostic_lines(self):
        def fixed(value):
            return "—" if value is None else f"{value:.3f}"

        return [
            f"Durbin–Watson = {fixed(self.durbin_watson)}   Omnibus = {_number(self.omnibus, 5)}"
            f" (p = {_p_value(self.omnibus_pvalue)})   Jarque–Bera = {_number(self.jarque_bera, 5)}"
            f" (p = {_p_value(self.jarque_bera_pvalue)})",
            f"skew = {fixed(self.skew)}   kurtosis = {fixed(self.kurtosis)}   condition number "
            "(raw design) = "
            + ("—" if self.condition_number_raw is None else f"{self.condition_number_raw:.4g}"),
            *[f"note: {note}" for note in self.notes],
        ]

    def __str__(self):
        rows = [self._HEADER] + self._rows()
        widths = [max(len(r[k]) for r in rows) for k in range(len(self._HEADER))]
        lines = []
        for r in rows:
            cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
            lines.append("  ".join(cells).rstrip())
        rule = "=" * max(len(line) for line in lines)
        out = [self._title(), rule, *self._model_lines(), rule, lines[0],
               "-" * len(rule), *lines[1:], rule, *self._diagnostic_lines()]
        out += [f"warning [{code}]: {text}" for code, text in self.warnings]
        return "\n".join(out)

    def __repr__(self):
        return str(self)

    def _title(self):
        return f"{'WLS' if self.weighted else 'OLS'} regression (linreg)"

    def _repr_html_(self):
        esc = html.escape
        head = "".join(f"<th>{esc(h)}</th>" for h in self._HEADER)
        body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>"
                       for r in self._rows())
        model = "".join(f"<p>{esc(line)}</p>" for line in self._model_lines())
        diagnostics = "".join(f"<p>{esc(line)}</p>" for line in self._diagnostic_lines())
        warns = "".join(f"<p><b>warning</b> [{esc(c)}]: {esc(t)}</p>" for c, t in self.warnings)
        return (f"<div class='linreg-summary'><p><b>{self._title()}</b></p>{model}"
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{diagnostics}"
                f"{warns}</div>")
