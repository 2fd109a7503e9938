package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.OpVersion;
import dev.modelx.format.paddle.proto.PaddleProtos.OpVersionMap;
import dev.modelx.format.paddle.proto.PaddleProtos.Version;

/**
 * The version stamp Paddle 2.6.1 writes into every saved ProgramDesc: version.version = 2006001 and the
 * op_version_map of every op whose definition changed since version 0 (the registry's current versions),
 * in the order Paddle 2.6.1 writes them.
 */
public final class Paddle26 {

    public static final long VERSION = 2_006_001L;

    private static final String OP_VERSIONS = "distribute_fpn_proposals=2 elementwise_add=1 elementwise_sub=1 fused_feedforward=1 "
            + "fused_attention=1 fused_multi_transformer=1 send_and_recv=1 matrix_nms=1 lstsq=1 quantize=2 depthwise_conv2d_transpose=1 "
            + "rank_attention=1 roi_pool=2 mish=1 generate_proposals_v2=1 flip=1 collect_fpn_proposals=1 fill_constant=2 cumsum=1 "
            + "instance_norm=1 coalesce_tensor=2 for_pybind_test__=4 lamb=1 p_norm=1 momentum=1 cudnn_lstm=1 hard_shrink=1 "
            + "transfer_layout=1 conv3d_transpose=1 fake_channel_wise_quantize_abs_max=1 conv2d_transpose=2 pixel_shuffle=1 gather=1 "
            + "lookup_table=1 depthwise_conv2d=1 greater_equal=1 dequantize=1 generate_proposal_labels=2 conv2d=1 yolo_box=1 "
            + "less_equal=1 linspace=1 roll=2 grid_sampler=1 affine_grid=1 allclose=2 conv3d=1 clip=1 roi_align=3 auc=1 "
            + "elementwise_div=1 leaky_relu=1 trace=1 softplus=1 print=1 unique_consecutive=1 elementwise_mul=1 set_value=4 seed=1 "
            + "requantize=1 less_than=1 data_norm=1 matmul=1 generate_proposals=2 elementwise_pow=1 lookup_table_v2=1 equal=1 "
            + "greater_than=1 not_equal=1 moving_average_abs_max_scale=2 fake_channel_wise_dequantize_max_abs=2";

    private Paddle26() {
    }

    public static Version version() {
        return Version.newBuilder().setVersion(VERSION).build();
    }

    public static OpVersionMap opVersionMap() {
        OpVersionMap.Builder b = OpVersionMap.newBuilder();
        for (String pair : OP_VERSIONS.split(" ")) {
            String[] kv = pair.split("=");
            b.addPair(OpVersionMap.OpVersionPair.newBuilder().setOpName(kv[0])
                    .setOpVersion(OpVersion.newBuilder().setVersion(Integer.parseInt(kv[1]))));
        }
        return b.build();
    }
}
