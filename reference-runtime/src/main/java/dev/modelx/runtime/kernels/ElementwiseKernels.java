package dev.modelx.runtime.kernels;

import dev.modelx.runtime.Kernel;
import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.kernels.elementwise.Activations;
import dev.modelx.runtime.kernels.elementwise.Arithmetic;
import dev.modelx.runtime.kernels.elementwise.BitCast;
import dev.modelx.runtime.kernels.elementwise.Cast;
import dev.modelx.runtime.kernels.elementwise.Clip;
import dev.modelx.runtime.kernels.elementwise.Compare;
import dev.modelx.runtime.kernels.elementwise.DynamicQuantizeLinear;
import dev.modelx.runtime.kernels.elementwise.Logic;
import dev.modelx.runtime.kernels.elementwise.Quantize;
import dev.modelx.runtime.kernels.elementwise.UnaryMath;
import dev.modelx.runtime.kernels.elementwise.Variadic;
import dev.modelx.runtime.kernels.elementwise.Where;

/**
 * Registers the element-wise family: casts, unary and binary math, comparisons, logic, bitwise ops,
 * activations, Clip, Where, variadic Max/Min/Sum/Mean and linear (de)quantization. Each op is registered
 * at every since-version of the ONNX operator set; kernels that changed behaviour read {@code ctx.opset()}.
 */
public final class ElementwiseKernels {

    private ElementwiseKernels() {
    }

    private static void add(KernelRegistry r, String op, Kernel k, int... versions) {
        for (int v : versions) {
            r.add(op, v, k);
        }
    }

    public static void register(KernelRegistry r) {
        add(r, "Cast", Cast::cast, 1, 6, 9, 13, 19, 21, 23, 24, 25);
        add(r, "CastLike", Cast::castLike, 15, 19, 21, 23, 24, 25);
        add(r, "BitCast", BitCast::v26, 26);

        add(r, "Abs", UnaryMath::abs, 1, 6, 13);
        add(r, "Neg", UnaryMath::neg, 1, 6, 13);
        add(r, "Exp", UnaryMath::exp, 1, 6, 13);
        add(r, "Log", UnaryMath::log, 1, 6, 13);
        add(r, "Sqrt", UnaryMath::sqrt, 1, 6, 13);
        add(r, "Reciprocal", UnaryMath::reciprocal, 1, 6, 13);
        add(r, "Floor", UnaryMath::floor, 1, 6, 13);
        add(r, "Ceil", UnaryMath::ceil, 1, 6, 13);
        add(r, "Round", UnaryMath::round, 11, 22);
        add(r, "Sign", UnaryMath::sign, 9, 13);
        add(r, "Sin", UnaryMath::sin, 7, 22);
        add(r, "Cos", UnaryMath::cos, 7, 22);
        add(r, "Tan", UnaryMath::tan, 7, 22);
        add(r, "Asin", UnaryMath::asin, 7, 22);
        add(r, "Acos", UnaryMath::acos, 7, 22);
        add(r, "Atan", UnaryMath::atan, 7, 22);
        add(r, "Sinh", UnaryMath::sinh, 9, 22);
        add(r, "Cosh", UnaryMath::cosh, 9, 22);
        add(r, "Asinh", UnaryMath::asinh, 9, 22);
        add(r, "Acosh", UnaryMath::acosh, 9, 22);
        add(r, "Atanh", UnaryMath::atanh, 9, 22);
        add(r, "Erf", UnaryMath::erf, 9, 13);
        add(r, "IsNaN", UnaryMath::isNaN, 9, 13, 20);
        add(r, "IsInf", UnaryMath::isInf, 10, 20);

        add(r, "Add", Arithmetic::add, 1, 6, 7, 13, 14);
        add(r, "Sub", Arithmetic::sub, 1, 6, 7, 13, 14);
        add(r, "Mul", Arithmetic::mul, 1, 6, 7, 13, 14);
        add(r, "Div", Arithmetic::div, 1, 6, 7, 13, 14);
        add(r, "Pow", Arithmetic::pow, 1, 7, 12, 13, 15);
        add(r, "Mod", Arithmetic::mod, 10, 13);

        add(r, "Not", Logic::not, 1);
        add(r, "And", Logic::and, 1, 7);
        add(r, "Or", Logic::or, 1, 7);
        add(r, "Xor", Logic::xor, 1, 7);
        add(r, "BitShift", Logic::bitShift, 11);
        add(r, "BitwiseAnd", Logic::bitwiseAnd, 18);
        add(r, "BitwiseOr", Logic::bitwiseOr, 18);
        add(r, "BitwiseXor", Logic::bitwiseXor, 18);
        add(r, "BitwiseNot", Logic::bitwiseNot, 18);

        add(r, "Equal", Compare::equal, 1, 7, 11, 13, 19);
        add(r, "Greater", Compare::greater, 1, 7, 9, 13);
        add(r, "Less", Compare::less, 1, 7, 9, 13);
        add(r, "GreaterOrEqual", Compare::greaterOrEqual, 12, 16);
        add(r, "LessOrEqual", Compare::lessOrEqual, 12, 16);

        add(r, "Max", Variadic::max, 1, 6, 8, 12, 13);
        add(r, "Min", Variadic::min, 1, 6, 8, 12, 13);
        add(r, "Sum", Variadic::sum, 1, 6, 8, 13);
        add(r, "Mean", Variadic::mean, 1, 6, 8, 13);
        add(r, "Where", Where::v9, 9, 16);
        add(r, "Clip", Clip::v1, 1, 6);
        add(r, "Clip", Clip::v11, 11, 12, 13);

        add(r, "Relu", Activations::relu, 1, 6, 13, 14);
        add(r, "LeakyRelu", Activations::leakyRelu, 1, 6, 16);
        add(r, "PRelu", Activations::pReluV1, 1, 6);
        add(r, "PRelu", Activations::pReluV7, 7, 9, 16);
        add(r, "Elu", Activations::elu, 1, 6, 22);
        add(r, "Selu", Activations::selu, 1, 6, 22);
        add(r, "Sigmoid", Activations::sigmoid, 1, 6, 13);
        add(r, "HardSigmoid", Activations::hardSigmoid, 1, 6, 22);
        add(r, "HardSwish", Activations::hardSwish, 14, 22);
        add(r, "Softplus", Activations::softplus, 1, 22);
        add(r, "Softsign", Activations::softsign, 1, 22);
        add(r, "Tanh", Activations::tanh, 1, 6, 13);
        add(r, "ThresholdedRelu", Activations::thresholdedRelu, 10, 22);
        add(r, "Celu", Activations::celu, 12, 28);
        add(r, "Gelu", Activations::gelu, 20);
        add(r, "Mish", Activations::mish, 18, 22);
        add(r, "Shrink", Activations::shrink, 9);
        add(r, "Swish", Activations::swish, 24);

        add(r, "QuantizeLinear", Quantize::quantizeLinear, 10, 13, 19, 21, 23, 24, 25);
        add(r, "DequantizeLinear", Quantize::dequantizeLinear, 10, 13, 19, 21, 23, 24, 25);
        add(r, "DynamicQuantizeLinear", DynamicQuantizeLinear::v11, 11);
    }
}
