// Which boxes, labels and links of the canvas lie near a place: a uniform grid whose cells list every
// rectangle or segment that touches them, so two that meet share a cell. The layout passes of a big lab
// (boxes pushed apart, boxes moved off links, labels placed) compare each thing with its neighbours
// instead of with everything, and meet the same pairs.
#pragma once

#include <QLineF>
#include <QRectF>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace vethlab::gui {

class SceneGrid {
public:
    /// Cells inside `area` (if given) are kept in an array, the others in a hash map: the same lists
    /// either way, an array is only faster to reach (a big lab's label placement asks millions of times).
    explicit SceneGrid(double cell, const QRectF& area = {}) : cell_(cell) {
        if (area.isEmpty()) return;
        x0_ = index(area.left());
        y0_ = index(area.top());
        columns_ = index(area.right()) - x0_ + 1;
        rows_ = index(area.bottom()) - y0_ + 1;
        if (columns_ * rows_ > 4'000'000) columns_ = rows_ = 0; // too big: hashed
        dense_.resize(static_cast<std::size_t>(columns_ * rows_));
    }

    void insert(std::size_t item, const QRectF& r) {
        forCells(r, [&](std::int64_t x, std::int64_t y) { list(x, y).push_back(item); });
    }
    void remove(std::size_t item, const QRectF& r) {
        forCells(r, [&](std::int64_t x, std::int64_t y) {
            auto& l = list(x, y);
            l.erase(std::find(l.begin(), l.end(), item));
        });
    }
    /// Lists segment `l` in every cell that one of its points lies in (cells closed): column by column
    /// of the grid, the cells between the segment's lowest and highest point in that column.
    void insertLine(std::size_t item, const QLineF& l) {
        const double x0 = std::min(l.x1(), l.x2()), x1 = std::max(l.x1(), l.x2());
        const double slack = 1e-3 * cell_; // rounding of the slope: a cell too many is harmless
        for (auto cx = index(x0); cx <= index(x1); ++cx) {
            const double from = std::max(x0, static_cast<double>(cx) * cell_);
            const double to = std::min(x1, static_cast<double>(cx + 1) * cell_);
            double y0 = l.y1(), y1 = l.y2();
            if (l.dx() != 0) {
                const double slope = l.dy() / l.dx();
                y0 = l.y1() + (from - l.x1()) * slope;
                y1 = l.y1() + (to - l.x1()) * slope;
            }
            for (auto cy = index(std::min(y0, y1) - slack); cy <= index(std::max(y0, y1) + slack); ++cy)
                list(cx, cy).push_back(item);
        }
    }
    /// Calls f(item) once for every item listed in a cell that `r` touches (a superset of those that
    /// meet `r`; f checks). `items` bounds the item numbers.
    /// f may return bool: false ends the search (it has seen enough).
    template <class F> void near(const QRectF& r, std::size_t items, F f) {
        if (stamp_.size() < items) stamp_.resize(items, 0);
        ++query_;
        bool more = true;
        forCells(r, [&](std::int64_t x, std::int64_t y) {
            const auto* here = find(x, y);
            if (!more || !here) return;
            for (std::size_t item : *here)
                if (stamp_[item] != query_) {
                    stamp_[item] = query_;
                    if constexpr (std::is_same_v<decltype(f(item)), bool>) {
                        if (!f(item)) {
                            more = false;
                            return;
                        }
                    } else {
                        f(item);
                    }
                }
        });
    }
    /// The items numbered above `after` listed in the cells `r` touches, in number order.
    std::vector<std::size_t> after(std::size_t after, const QRectF& r) {
        std::vector<std::size_t> found;
        forCells(r, [&](std::int64_t x, std::int64_t y) {
            if (const auto* items = find(x, y))
                for (std::size_t item : *items)
                    if (item > after) found.push_back(item);
        });
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        return found;
    }
    /// The items that may come within a quarter cell of segment `l`, in number order: those listed in
    /// the cells around points of `l` half a cell apart (an item closer than a cell to such a point
    /// touches one of the nine cells around it).
    std::vector<std::size_t> along(const QLineF& l) {
        const int steps = std::max(1, static_cast<int>(std::ceil(l.length() / (cell_ / 2))));
        std::vector<std::pair<std::int64_t, std::int64_t>> cells;
        for (int i = 0; i <= steps; ++i) {
            const QPointF p = l.pointAt(static_cast<double>(i) / steps);
            const auto cx = index(p.x()), cy = index(p.y());
            for (std::int64_t dx = -1; dx <= 1; ++dx)
                for (std::int64_t dy = -1; dy <= 1; ++dy)
                    cells.push_back({cx + dx, cy + dy});
        }
        std::sort(cells.begin(), cells.end());
        cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
        std::vector<std::size_t> found;
        for (auto [x, y] : cells)
            if (const auto* items = find(x, y)) found.insert(found.end(), items->begin(), items->end());
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        return found;
    }

private:
    std::int64_t index(double v) const { return static_cast<std::int64_t>(std::floor(v / cell_)); }
    static std::int64_t key(std::int64_t x, std::int64_t y) {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(x) << 32 ^
                                         (static_cast<std::uint64_t>(y) & 0xffffffffu));
    }
    template <class F> void forCells(const QRectF& r, F f) {
        const auto x0 = index(r.left()), x1 = index(r.right());
        const auto y0 = index(r.top()), y1 = index(r.bottom());
        for (auto x = x0; x <= x1; ++x)
            for (auto y = y0; y <= y1; ++y)
                f(x, y);
    }
    bool inside(std::int64_t x, std::int64_t y) const {
        return x >= x0_ && x < x0_ + columns_ && y >= y0_ && y < y0_ + rows_;
    }
    std::vector<std::size_t>& list(std::int64_t x, std::int64_t y) {
        if (inside(x, y)) return dense_[static_cast<std::size_t>((x - x0_) * rows_ + (y - y0_))];
        return cells_[key(x, y)];
    }
    const std::vector<std::size_t>* find(std::int64_t x, std::int64_t y) const {
        if (inside(x, y)) return &dense_[static_cast<std::size_t>((x - x0_) * rows_ + (y - y0_))];
        auto it = cells_.find(key(x, y));
        return it == cells_.end() ? nullptr : &it->second;
    }

    double cell_;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> cells_; // outside the array's area
    std::vector<std::vector<std::size_t>> dense_;                      // column by column
    std::int64_t x0_ = 0, y0_ = 0, columns_ = 0, rows_ = 0;
    std::vector<std::uint32_t> stamp_; // near(): the query that last met each item
    std::uint32_t query_ = 0;
};

} // namespace vethlab::gui
