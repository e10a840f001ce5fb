import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { LOCALES, Locale } from '../../users/schemas/user.schema';
import { trim } from '../../common/dto/transforms';

export class RegisterDto {
  @ApiProperty({ example: 'camille@regie-quartier.fr' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 256 })
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters long' })
  @MaxLength(256)
  password: string;

  @ApiProperty({ example: 'Camille' })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  displayName: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'fr' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class LoginDto {
  @ApiProperty()
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(1, 512)
  refreshToken: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'camille@regie-quartier.fr' })
  @IsString()
  @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token of the link received by e-mail' })
  @IsString()
  @Length(1, 512)
  token: string;

  @ApiProperty({ minLength: 8, maxLength: 256 })
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters long' })
  @MaxLength(256)
  password: string;
}
