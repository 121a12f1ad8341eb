//! Block layout of a container with a single in-flow child (in Mica, a `<text>` element
//! holding one text node): taffy's `compute_block_layout` (CSS 2.1 §10.3.3, §10.6.3,
//! §8.3.1) specialised to that one child.
//!
//! A first render asks each `<text>` about a dozen different questions (content sizes,
//! flex basis, final size), and taffy's general block algorithm collects the children
//! into a fresh `Vec` for every one of them. This is the same algorithm, statement for
//! statement and in the same floating-point order, with the child list replaced by the
//! one child: the boxes are bit-identical (`layout/tests/it/layout.rs` compares the two
//! on varied styles; [`crate::Document::force_block_layout`] selects taffy's).
//!
//! Only what a single child that is in flow can reach is kept: no absolutely positioned
//! or `display: none` children, no table children (the caller checks).

use taffy::{
    AvailableSpace, BlockContainerStyle, BlockItemStyle, BoxSizing, CollapsibleMarginSet,
    CoreStyle, Layout, LayoutBlockContainer, LayoutInput, LayoutOutput, LayoutPartialTree, Line,
    MaybeMath, MaybeResolve, NodeId, Overflow, Point, Position, Rect, ResolveOrZero, RunMode, Size,
    SizingMode, TextAlign,
};

/// The calc resolver layout gives taffy (`LayoutPartialTree::resolve_calc_value`).
fn calc(val: *const (), basis: f32) -> f32 {
    crate::style::calc::resolve_layout_key(val, basis)
}

/// `Rect::sum_axes` (crate-private in taffy).
fn sum_axes(r: Rect<f32>) -> Size<f32> {
    Size {
        width: hsum(r),
        height: r.top + r.bottom,
    }
}

/// `Rect::horizontal_axis_sum` (crate-private in taffy).
fn hsum(r: Rect<f32>) -> f32 {
    r.left + r.right
}

/// `Overflow::is_scroll_container` (crate-private in taffy).
fn is_scroll_container(o: Overflow) -> bool {
    matches!(o, Overflow::Hidden | Overflow::Scroll)
}

/// A tree that can size a text child straight from its text measurement.
pub(crate) trait TextChildSizer {
    /// What `compute_child_layout` in `PerformLayout` mode would return for `child`, when
    /// `child` is a text node whose box adds nothing to its text (no edges, margins or
    /// size constraints); `None` otherwise.
    fn plain_text_layout(
        &mut self,
        child: NodeId,
        known_dimensions: Size<Option<f32>>,
        available_space: Size<AvailableSpace>,
    ) -> Option<LayoutOutput>;
}

/// `perform_child_layout` from taffy's (private) `LayoutPartialTreeExt`.
///
/// While the container is only being sized (`sizing`), a plain text child is answered
/// by [`TextChildSizer::plain_text_layout`]: a first render asks each `<text>` about a
/// dozen questions, and taffy's way down (child bookkeeping, dispatch, the generic leaf
/// algorithm) cost more than the answer. The child's cache is still read and filled as
/// taffy's would be, so the answers are the same. Its position is not written then
/// anyway (trial layouts inside a measurement are discarded); its final layout still
/// goes through the child.
fn perform_child_layout(
    tree: &mut (impl LayoutPartialTree + TextChildSizer),
    sizing: bool,
    node_id: NodeId,
    known_dimensions: Size<Option<f32>>,
    parent_size: Size<Option<f32>>,
    available_space: Size<AvailableSpace>,
) -> LayoutOutput {
    if sizing {
        if let Some(out) = tree.plain_text_layout(node_id, known_dimensions, available_space) {
            return out;
        }
    }
    tree.compute_child_layout(
        node_id,
        LayoutInput {
            known_dimensions,
            parent_size,
            available_space,
            sizing_mode: SizingMode::InherentSize,
            axis: taffy::RequestedAxis::Both,
            run_mode: RunMode::PerformLayout,
            vertical_margins_are_collapsible: Line::TRUE,
        },
    )
}

/// The child's style, resolved as taffy's `generate_item_list` does.
struct Item {
    size: Size<Option<f32>>,
    min_size: Size<Option<f32>>,
    max_size: Size<Option<f32>>,
    overflow: Point<Overflow>,
    scrollbar_width: f32,
    inset: Rect<taffy::LengthPercentageAuto>,
    margin: Rect<taffy::LengthPercentageAuto>,
    padding: Rect<f32>,
    border: Rect<f32>,
    padding_border_sum: Size<f32>,
}

/// True when `child` can be the single child this algorithm lays out.
pub(crate) fn is_simple_child(style: &impl BlockItemStyle) -> bool {
    style.box_generation_mode() != taffy::BoxGenerationMode::None
        && style.position() != Position::Absolute
        && !style.is_table()
}

/// `compute_block_layout` for `node`, whose only child is `child` (see the module docs).
pub(crate) fn compute_single_child_block_layout(
    tree: &mut (impl LayoutBlockContainer + TextChildSizer),
    node_id: NodeId,
    child: NodeId,
    inputs: LayoutInput,
) -> LayoutOutput {
    let LayoutInput {
        known_dimensions,
        parent_size,
        run_mode,
        ..
    } = inputs;
    let style = tree.get_block_container_style(node_id);

    let aspect_ratio = style.aspect_ratio();
    let padding = style.padding().resolve_or_zero(parent_size.width, calc);
    let border = style.border().resolve_or_zero(parent_size.width, calc);
    let padding_border_size = sum_axes(padding + border);
    let box_sizing_adjustment = if style.box_sizing() == BoxSizing::ContentBox {
        padding_border_size
    } else {
        Size::ZERO
    };

    let min_size = style
        .min_size()
        .maybe_resolve(parent_size, calc)
        .maybe_apply_aspect_ratio(aspect_ratio)
        .maybe_add(box_sizing_adjustment);
    let max_size = style
        .max_size()
        .maybe_resolve(parent_size, calc)
        .maybe_apply_aspect_ratio(aspect_ratio)
        .maybe_add(box_sizing_adjustment);
    let clamped_style_size = if inputs.sizing_mode == SizingMode::InherentSize {
        style
            .size()
            .maybe_resolve(parent_size, calc)
            .maybe_apply_aspect_ratio(aspect_ratio)
            .maybe_add(box_sizing_adjustment)
            .maybe_clamp(min_size, max_size)
    } else {
        Size::NONE
    };
    drop(style);

    let min_max_definite_size = min_size.zip_map(max_size, |min, max| match (min, max) {
        (Some(min), Some(max)) if max <= min => Some(min),
        _ => None,
    });
    let styled_based_known_dimensions = known_dimensions
        .or(min_max_definite_size)
        .or(clamped_style_size)
        .maybe_max(padding_border_size);

    if run_mode == RunMode::ComputeSize {
        if let Size {
            width: Some(width),
            height: Some(height),
        } = styled_based_known_dimensions
        {
            return LayoutOutput::from_outer_size(Size { width, height });
        }
    }

    compute_inner(
        tree,
        node_id,
        child,
        LayoutInput {
            known_dimensions: styled_based_known_dimensions,
            ..inputs
        },
        Edges {
            padding,
            border,
            box_sizing_adjustment,
            min_size,
            max_size,
        },
    )
}

/// What the outer and inner parts of taffy's algorithm both resolve from the same
/// style and parent size: resolved once.
struct Edges {
    padding: Rect<f32>,
    border: Rect<f32>,
    box_sizing_adjustment: Size<f32>,
    min_size: Size<Option<f32>>,
    max_size: Size<Option<f32>>,
}

fn compute_inner(
    tree: &mut (impl LayoutBlockContainer + TextChildSizer),
    node_id: NodeId,
    child: NodeId,
    inputs: LayoutInput,
    edges: Edges,
) -> LayoutOutput {
    let Edges {
        padding,
        border,
        box_sizing_adjustment,
        min_size,
        max_size,
    } = edges;
    let LayoutInput {
        known_dimensions,
        parent_size,
        available_space,
        run_mode,
        vertical_margins_are_collapsible,
        ..
    } = inputs;

    let style = tree.get_block_container_style(node_id);
    let raw_padding = style.padding();
    let raw_border = style.border();
    let raw_margin = style.margin();
    let aspect_ratio = style.aspect_ratio();

    let scrollbar_gutter = {
        let offsets = style.overflow().transpose().map(|overflow| match overflow {
            Overflow::Scroll => style.scrollbar_width(),
            _ => 0.0,
        });
        Rect {
            top: 0.0,
            left: 0.0,
            right: offsets.x,
            bottom: offsets.y,
        }
    };
    let padding_border = padding + border;
    let padding_border_size = sum_axes(padding_border);
    let content_box_inset = padding_border + scrollbar_gutter;
    let container_content_box_size = known_dimensions.maybe_sub(sum_axes(content_box_inset));

    let size = style
        .size()
        .maybe_resolve(parent_size, calc)
        .maybe_apply_aspect_ratio(aspect_ratio)
        .maybe_add(box_sizing_adjustment);

    let scroll_container =
        is_scroll_container(style.overflow().x) || is_scroll_container(style.overflow().y);
    let own_margins_collapse_with_children = Line {
        start: vertical_margins_are_collapsible.start
            && !scroll_container
            && style.position() == Position::Relative
            && padding.top == 0.0
            && border.top == 0.0,
        end: vertical_margins_are_collapsible.end
            && !scroll_container
            && style.position() == Position::Relative
            && padding.bottom == 0.0
            && border.bottom == 0.0
            && size.height.is_none(),
    };
    let has_styles_preventing_being_collapsed_through = !style.is_block()
        || scroll_container
        || style.position() == Position::Absolute
        || padding.top > 0.0
        || padding.bottom > 0.0
        || border.top > 0.0
        || border.bottom > 0.0
        || matches!(size.height, Some(h) if h > 0.0)
        || matches!(min_size.height, Some(h) if h > 0.0);
    let text_align = style.text_align();
    drop(style);

    let item = {
        let cs = tree.get_block_child_style(child);
        let aspect_ratio = cs.aspect_ratio();
        let padding = cs
            .padding()
            .resolve_or_zero(container_content_box_size, calc);
        let border = cs
            .border()
            .resolve_or_zero(container_content_box_size, calc);
        let pb_sum = sum_axes(padding + border);
        let box_sizing_adjustment = if cs.box_sizing() == BoxSizing::ContentBox {
            pb_sum
        } else {
            Size::ZERO
        };
        Item {
            size: cs
                .size()
                .maybe_resolve(container_content_box_size, calc)
                .maybe_apply_aspect_ratio(aspect_ratio)
                .maybe_add(box_sizing_adjustment),
            min_size: cs
                .min_size()
                .maybe_resolve(container_content_box_size, calc)
                .maybe_apply_aspect_ratio(aspect_ratio)
                .maybe_add(box_sizing_adjustment),
            max_size: cs
                .max_size()
                .maybe_resolve(container_content_box_size, calc)
                .maybe_apply_aspect_ratio(aspect_ratio)
                .maybe_add(box_sizing_adjustment),
            overflow: cs.overflow(),
            scrollbar_width: cs.scrollbar_width(),
            inset: cs.inset(),
            margin: cs.margin(),
            padding,
            border,
            padding_border_sum: pb_sum,
        }
    };

    let container_outer_width = known_dimensions.width.unwrap_or_else(|| {
        let available_width = available_space.width.maybe_sub(hsum(content_box_inset));
        let sizing = run_mode == RunMode::ComputeSize;
        let intrinsic_width = content_based_width(tree, sizing, child, &item, available_width)
            + hsum(content_box_inset);
        intrinsic_width
            .maybe_clamp(min_size.width, max_size.width)
            .maybe_max(Some(padding_border_size.width))
    });

    if let (RunMode::ComputeSize, Some(container_outer_height)) =
        (run_mode, known_dimensions.height)
    {
        return LayoutOutput::from_outer_size(Size {
            width: container_outer_width,
            height: container_outer_height,
        });
    }

    let resolved_padding = raw_padding.resolve_or_zero(Some(container_outer_width), calc);
    let resolved_border = raw_border.resolve_or_zero(Some(container_outer_width), calc);
    let resolved_content_box_inset = resolved_padding + resolved_border + scrollbar_gutter;
    let flow = final_layout_of_child(
        tree,
        run_mode == RunMode::ComputeSize,
        child,
        &item,
        container_outer_width,
        content_box_inset,
        resolved_content_box_inset,
        text_align,
        own_margins_collapse_with_children,
    );
    let container_outer_height = known_dimensions
        .height
        .unwrap_or(
            flow.outer_height
                .maybe_clamp(min_size.height, max_size.height),
        )
        .maybe_max(Some(padding_border_size.height));
    let final_outer_size = Size {
        width: container_outer_width,
        height: container_outer_height,
    };

    if run_mode == RunMode::ComputeSize {
        return LayoutOutput::from_outer_size(final_outer_size);
    }

    // No absolutely positioned children: their content size is zero.
    let content_size = flow.content_size.f32_max(Size::ZERO);
    let can_be_collapsed_through =
        !has_styles_preventing_being_collapsed_through && flow.can_be_collapsed_through;

    LayoutOutput {
        size: final_outer_size,
        content_size,
        first_baselines: Point::NONE,
        top_margin: if own_margins_collapse_with_children.start {
            flow.first_top_margin
        } else {
            let margin_top = raw_margin.top.resolve_or_zero(parent_size.width, calc);
            CollapsibleMarginSet::from_margin(margin_top)
        },
        bottom_margin: if own_margins_collapse_with_children.end {
            flow.last_bottom_margin
        } else {
            let margin_bottom = raw_margin.bottom.resolve_or_zero(parent_size.width, calc);
            CollapsibleMarginSet::from_margin(margin_bottom)
        },
        margins_can_collapse_through: can_be_collapsed_through,
    }
}

/// taffy's `determine_content_based_container_width` for one in-flow child.
fn content_based_width(
    tree: &mut (impl LayoutBlockContainer + TextChildSizer),
    sizing: bool,
    child: NodeId,
    item: &Item,
    available_width: AvailableSpace,
) -> f32 {
    let available_space = Size {
        width: available_width,
        height: AvailableSpace::MinContent,
    };
    let known_dimensions = item.size.maybe_clamp(item.min_size, item.max_size);
    let width = known_dimensions.width.unwrap_or_else(|| {
        let item_x_margin_sum = hsum(
            item.margin
                .resolve_or_zero(available_space.width.into_option(), calc),
        );
        let size_and_baselines = perform_child_layout(
            tree,
            sizing,
            child,
            known_dimensions,
            Size::NONE,
            available_space.map_width(|w| w.maybe_sub(item_x_margin_sum)),
        );
        size_and_baselines.size.width + item_x_margin_sum
    });
    let width = f32::max(width, item.padding_border_sum.width);
    f32::max(0.0, width)
}

/// What the in-flow pass tells the container.
struct Flow {
    content_size: Size<f32>,
    outer_height: f32,
    first_top_margin: CollapsibleMarginSet,
    last_bottom_margin: CollapsibleMarginSet,
    can_be_collapsed_through: bool,
}

/// taffy's `perform_final_layout_on_in_flow_children` for one in-flow child.
#[allow(clippy::too_many_arguments)]
fn final_layout_of_child(
    tree: &mut (impl LayoutBlockContainer + TextChildSizer),
    sizing: bool,
    child: NodeId,
    item: &Item,
    container_outer_width: f32,
    content_box_inset: Rect<f32>,
    resolved_content_box_inset: Rect<f32>,
    text_align: TextAlign,
    own_margins_collapse_with_children: Line<bool>,
) -> Flow {
    let container_inner_width = container_outer_width - hsum(content_box_inset);
    let parent_size = Size {
        width: Some(container_outer_width),
        height: None,
    };
    let available_space = Size {
        width: AvailableSpace::Definite(container_inner_width),
        height: AvailableSpace::MinContent,
    };

    let mut committed_y_offset = resolved_content_box_inset.top;
    let item_margin = item
        .margin
        .map(|margin| margin.resolve_to_option(container_outer_width, calc));
    let item_non_auto_margin = item_margin.map(|m| m.unwrap_or(0.0));
    let item_non_auto_x_margin_sum = hsum(item_non_auto_margin);
    let known_dimensions = item
        .size
        .map_width(|width| {
            Some(
                width
                    .unwrap_or(container_inner_width - item_non_auto_x_margin_sum)
                    .maybe_clamp(item.min_size.width, item.max_size.width),
            )
        })
        .maybe_clamp(item.min_size, item.max_size);

    let item_layout = perform_child_layout(
        tree,
        sizing,
        child,
        known_dimensions,
        parent_size,
        available_space.map_width(|w| w.maybe_sub(item_non_auto_x_margin_sum)),
    );
    let final_size = item_layout.size;

    let top_margin_set = item_layout
        .top_margin
        .collapse_with_margin(item_margin.top.unwrap_or(0.0));
    let bottom_margin_set = item_layout
        .bottom_margin
        .collapse_with_margin(item_margin.bottom.unwrap_or(0.0));

    let free_x_space = f32::max(
        0.0,
        container_inner_width - final_size.width - item_non_auto_x_margin_sum,
    );
    let x_axis_auto_margin_size = {
        let auto_margin_count =
            item_margin.left.is_none() as u8 + item_margin.right.is_none() as u8;
        if auto_margin_count > 0 {
            free_x_space / auto_margin_count as f32
        } else {
            0.0
        }
    };
    let resolved_margin = Rect {
        left: item_margin.left.unwrap_or(x_axis_auto_margin_size),
        right: item_margin.right.unwrap_or(x_axis_auto_margin_size),
        top: top_margin_set.resolve(),
        bottom: bottom_margin_set.resolve(),
    };

    let inset: Rect<Option<f32>> = Rect {
        left: item.inset.left.maybe_resolve(container_inner_width, calc),
        right: item.inset.right.maybe_resolve(container_inner_width, calc),
        top: item.inset.top.maybe_resolve(0.0, calc),
        bottom: item.inset.bottom.maybe_resolve(0.0, calc),
    };
    let inset_offset = Point {
        x: inset.left.or(inset.right.map(|x| -x)).unwrap_or(0.0),
        y: inset.top.or(inset.bottom.map(|x| -x)).unwrap_or(0.0),
    };

    // The first (only) child: the active collapsible margin set is still empty.
    let active_collapsible_margin_set = CollapsibleMarginSet::ZERO;
    let y_margin_offset = if own_margins_collapse_with_children.start {
        0.0
    } else {
        active_collapsible_margin_set
            .collapse_with_margin(resolved_margin.top)
            .resolve()
    };

    let can_be_collapsed_through = item_layout.margins_can_collapse_through;
    let mut location = Point {
        x: resolved_content_box_inset.left + inset_offset.x + resolved_margin.left,
        y: committed_y_offset + inset_offset.y + y_margin_offset,
    };

    let item_outer_width = item_layout.size.width + hsum(resolved_margin);
    if item_outer_width < container_inner_width {
        match text_align {
            TextAlign::Auto | TextAlign::LegacyLeft => {}
            TextAlign::LegacyRight => location.x += container_inner_width - item_outer_width,
            TextAlign::LegacyCenter => {
                location.x += (container_inner_width - item_outer_width) / 2.0
            }
        }
    }

    let scrollbar_size = Size {
        width: if item.overflow.y == Overflow::Scroll {
            item.scrollbar_width
        } else {
            0.0
        },
        height: if item.overflow.x == Overflow::Scroll {
            item.scrollbar_width
        } else {
            0.0
        },
    };

    tree.set_unrounded_layout(
        child,
        &Layout {
            order: 0,
            size: item_layout.size,
            content_size: item_layout.content_size,
            scrollbar_size,
            location,
            padding: item.padding,
            border: item.border,
            margin: resolved_margin,
        },
    );

    let content_size = Size::ZERO.f32_max(content_size_contribution(
        location,
        final_size,
        item_layout.content_size,
        item.overflow,
    ));

    let first_top_margin = if can_be_collapsed_through {
        CollapsibleMarginSet::ZERO
            .collapse_with_set(top_margin_set)
            .collapse_with_set(bottom_margin_set)
    } else {
        CollapsibleMarginSet::ZERO.collapse_with_set(top_margin_set)
    };

    let active_collapsible_margin_set = if can_be_collapsed_through {
        active_collapsible_margin_set
            .collapse_with_set(top_margin_set)
            .collapse_with_set(bottom_margin_set)
    } else {
        committed_y_offset += item_layout.size.height + y_margin_offset;
        bottom_margin_set
    };

    let last_bottom_margin = active_collapsible_margin_set;
    let bottom_y_margin_offset = if own_margins_collapse_with_children.end {
        0.0
    } else {
        last_bottom_margin.resolve()
    };
    committed_y_offset += resolved_content_box_inset.bottom + bottom_y_margin_offset;
    Flow {
        content_size,
        outer_height: f32::max(0.0, committed_y_offset),
        first_top_margin,
        last_bottom_margin,
        can_be_collapsed_through,
    }
}

/// taffy's `compute_content_size_contribution` (private there).
fn content_size_contribution(
    location: Point<f32>,
    size: Size<f32>,
    content_size: Size<f32>,
    overflow: Point<Overflow>,
) -> Size<f32> {
    let contribution = Size {
        width: match overflow.x {
            Overflow::Visible => f32::max(size.width, content_size.width),
            _ => size.width,
        },
        height: match overflow.y {
            Overflow::Visible => f32::max(size.height, content_size.height),
            _ => size.height,
        },
    };
    if contribution.width > 0.0 && contribution.height > 0.0 {
        Size {
            width: location.x + contribution.width,
            height: location.y + contribution.height,
        }
    } else {
        Size::ZERO
    }
}
