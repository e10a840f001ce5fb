import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsEmail, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { trim } from '../../common/dto/transforms';

/** Spaces, dots, dashes and brackets are how people write numbers: "06 12 34 56 78", "+33 (0)6…". */
export const PHONE_PATTERN = /^\+?[0-9][0-9 .()-]{5,23}$/;

/** `POST /api/public/shifts/:shiftId/signup`: a guest of the public page takes a place. */
export class GuestSignupDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Samia' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ maxLength: 254, format: 'email', nullable: true, description: 'E-mail or phone: at least one' })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_, value) => value !== null && value !== '')
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ maxLength: 24, pattern: PHONE_PATTERN.source, nullable: true, description: 'E-mail or phone: at least one' })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_, value) => value !== null && value !== '')
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'must be a phone number' })
  phone?: string | null;

  @ApiProperty({ enum: [true], description: 'The guest agrees that their name and contact are kept until 30 days after the event' })
  @Equals(true, { message: 'must be given to sign up' })
  consent: true;

  @ApiPropertyOptional({ maxLength: 200, description: 'Leave empty: a field people never see, that robots fill in' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  website?: string;
}
