/* svg.h: the plots of `expr` and `landscape` (ECDF panels, enrichment landscapes) as SVG text. */
#ifndef SSC_SVG_H
#define SSC_SVG_H

#include <stddef.h>
#include <htslib/kstring.h>

#define SSC_SVG_PANEL_W 880 /* size of one panel, in px: the plot, and its legend on the right */
#define SSC_SVG_PANEL_H 440
#define SSC_SVG_LEGEND_W 240 /* the legend column, right of the plot: it never covers a curve */

/* A document of width x height px; end it with ssc_svg_end. 0 or SSC_ENOMEM. */
int ssc_svg_begin(kstring_t *s, int width, int height);
int ssc_svg_end(kstring_t *s);

/* One ECDF curve: x sorted ascending (NaN-free), its legend text and an
 * optional second legend line (statistics; NULL: none). */
typedef struct {
    const double *x;
    size_t n;
    const char *label;
    const char *note;
} ssc_svg_curve_t;

/* An ECDF panel with its top-left corner at (x0, y0): step curves, axes with
 * ticks, x-axis label, title, subtitle and a legend right of the plot. The
 * first curve is drawn in black (the reference), the others in the Okabe-Ito
 * colours (safe for colour-blind readers). The x range covers the 0.5th to
 * 99.5th percentile of all values; a line under the axis says how many values
 * lie beyond it (drawn at the edges), or that every value is shown. */
int ssc_svg_ecdf(kstring_t *s, int x0, int y0, const char *title, const char *subtitle,
                 const char *xlab, const ssc_svg_curve_t *c, int nc);

/* A landscape panel: x = the n_bins cumulative window ends, y = score
 * (signed -log10 P). The envelope (per-bin minimum and maximum over every row
 * of score, row-major n_rows x n_bins) is drawn light grey; rows listed in
 * hi[0..n_hi) are drawn in colour with their labels; reference lines at 0 and
 * +/-ref; the point (peak_row, peak_bin) is marked with peak_label. The legend,
 * right of the plot, explains the envelope and the reference lines. */
typedef struct {
    const double *score;
    size_t n_rows;
    int n_bins;
    const size_t *bin_end;
    const size_t *hi;
    const char *const *hi_label;
    int n_hi;
    size_t peak_row;
    int peak_bin;     /* -1: no peak marked */
    const char *peak_label;
    double ref;
    const char *xlab; /* x axis label; NULL: ranked, most repressed first */
} ssc_svg_land_t;
int ssc_svg_landscape(kstring_t *s, int x0, int y0, const char *title, const char *subtitle,
                      const ssc_svg_land_t *l);

/* Append text with &, <, > and quotes escaped. */
int ssc_svg_escape(kstring_t *s, const char *text);

#endif
